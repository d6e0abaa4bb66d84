"""A real SQS and SNS server for the tests: moto's server mode, started once per test session on
a free port and stopped at the end. Events are published to an SNS topic subscribed to the
queue, so they arrive wrapped in the SNS envelope, as in production. If the server cannot start,
the tests needing it fail (never skip)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import httpx
import pytest

REGION = "eu-west-2"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Topic:
    """An SNS topic with one SQS queue subscribed (the service's own queue)."""

    endpoint: str
    topic_arn: str
    queue_url: str

    def client(self, service: str) -> Any:
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def publish(self, event: dict[str, Any]) -> str:
        """Publish as HMPPS do: the event as JSON, its type as a message attribute."""
        response = self.client("sns").publish(
            TopicArn=self.topic_arn,
            Message=json.dumps(event),
            MessageAttributes={
                "eventType": {"DataType": "String", "StringValue": event.get("eventType", "x")}
            },
        )
        return str(response["MessageId"])

    def send_raw(self, body: str) -> None:
        """Put a message on the queue directly (bypassing SNS), as a broken producer might."""
        self.client("sqs").send_message(QueueUrl=self.queue_url, MessageBody=body)

    def waiting(self) -> int:
        attributes = self.client("sqs").get_queue_attributes(
            QueueUrl=self.queue_url,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
        return int(attributes["ApproximateNumberOfMessages"]) + int(
            attributes["ApproximateNumberOfMessagesNotVisible"]
        )

    def environment(self) -> dict[str, str]:
        """What `vcs events consume` needs to read this queue."""
        return {
            "VCS_EVENTS_QUEUE_URL": self.queue_url,
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_REGION": REGION,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        }


@pytest.fixture(scope="session")
def sqs_server() -> Iterator[str]:
    """moto_server on 127.0.0.1 and a free port, for the whole session."""
    command = shutil.which("moto_server")
    assert command, "moto_server is missing: pip install 'moto[server]' (the test extra)"
    port = free_port()
    process = subprocess.Popen(
        [command, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{endpoint}/moto-api/", timeout=1)
                break
            except httpx.HTTPError:
                assert process.poll() is None, "moto_server stopped at start"
                assert time.monotonic() < deadline, "moto_server did not start in 30 seconds"
                time.sleep(0.1)
        yield endpoint
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def topic(sqs_server: str) -> Topic:
    """A fresh topic and queue for one test, the queue subscribed to the topic."""
    name = f"vcs-{uuid.uuid4().hex[:12]}"
    bare = Topic(sqs_server, "", "")
    sqs, sns = bare.client("sqs"), bare.client("sns")
    queue_url = sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "30"})["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    topic_arn = sns.create_topic(Name=name)["TopicArn"]
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue_arn)
    return Topic(sqs_server, topic_arn, queue_url)


def event(
    event_type: str = "prison-offender-events.prisoner.released",
    noms: str | None = "A1234BC",
    crn: str | None = None,
    occurred_at: str = "2026-01-12T10:04:00Z",
    **info: Any,
) -> dict[str, Any]:
    """An HMPPS domain event shaped as published (ministryofjustice/hmpps-domain-events)."""
    identifiers = [{"type": "NOMS", "value": noms}] if noms else []
    if crn:
        identifiers.append({"type": "CRN", "value": crn})
    return {
        "eventType": event_type,
        "version": 1,
        "occurredAt": occurred_at,
        "publishedAt": "2026-01-12T10:05:00.123456789Z",
        "description": "A prisoner has been released from prison",
        "detailUrl": None,
        "additionalInformation": {"reason": "RELEASED", "prisonId": "SWI", **info},
        "personReference": {"identifiers": identifiers},
    }
