"""Two `vcs notify send` workers share one sending rate (through the database): together they
never send more messages in a second than the configured rate, on either engine."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import replace
from typing import Any

import pytest

from tests.api.test_notifications import Notify, _case, notify, servers  # noqa: F401
from tests.fixtures import TODAY, World, run
from vcs.core import config
from vcs.notifications.client import NotifyClient, notify_client
from vcs.notifications.tables import Notification
from vcs.notifications.worker import Sender

pytestmark = pytest.mark.reliability
RATE = 4


def test_two_workers_together_keep_under_the_rate(
    world: World,
    notify: Notify,  # noqa: F811 (the fixture imported above)
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rate = replace(config.settings, notify_rate=f"{RATE} per second")
    monkeypatch.setattr(config, "settings", rate)
    case_id = _case(world, ["sms"])
    made = world.post(
        "vlo",
        f"/api/v1/cases/{case_id}/notifications",
        {"stage": "hospital_transfer", "on": "2026-01-12"},
    )
    assert made.status_code == 201, made.text
    template = run(Notification.select().where(Notification.case == case_id).first())
    assert template is not None
    fields = {k: v for k, v in template.items() if k != "id"}
    copies = [
        Notification(**{**fields, "reference": f"vcs-rate-{n}", "state": "queued"})
        for n in range(3 * RATE)
    ]
    run(Notification.insert(*copies))

    calls: list[float] = []

    def timed(client: NotifyClient) -> NotifyClient:
        """The client, noting the moment each text is handed to Notify."""
        send = client.send_sms_notification

        def noted(*args: Any) -> Any:
            calls.append(time.time())
            return send(*args)

        client.send_sms_notification = noted  # type: ignore[method-assign]
        return client

    async def both() -> None:
        workers = [Sender(timed(notify_client()), f"worker-{n}", lambda: TODAY) for n in (1, 2)]
        await asyncio.gather(*(w.run_once(batch=2) for w in workers))

    run(both())
    assert len(notify.stand_in.sent) == 3 * RATE and notify.stand_in.duplicates() == []
    # Counted when each call was made: the request's trip to Notify is the network's, not ours.
    per_second = Counter(int(moment) for moment in calls)
    assert len(calls) == 3 * RATE
    assert max(per_second.values()) <= RATE, per_second
    assert len(per_second) >= 3
