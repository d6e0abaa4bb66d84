"""Service configuration, read once from the environment.

Every setting has a safe default so that `vcs serve` works on a fresh machine with nothing set.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from limits import parse_many

DEFAULT_DATABASE_URL = "sqlite:///vcs.sqlite"
NOTIFY_BASE_URL = "https://api.notifications.service.gov.uk"
NOTIFY_TEMPLATE_VARIABLES = {
    ("email", "en"): "VCS_NOTIFY_TEMPLATE_EMAIL_EN",
    ("email", "cy"): "VCS_NOTIFY_TEMPLATE_EMAIL_CY",
    ("sms", "en"): "VCS_NOTIFY_TEMPLATE_SMS_EN",
    ("sms", "cy"): "VCS_NOTIFY_TEMPLATE_SMS_CY",
}


def _audit_home(database_url: str) -> Path:
    """Where the audit key file and checkpoints go by default: beside a SQLite file, or in a
    `vcs-audit` folder of the working folder named after a PostgreSQL database. Never inside
    the database itself."""
    if database_url.startswith(("postgresql://", "postgres://")):
        name = database_url.rsplit("/", 1)[-1].split("?", 1)[0] or "vcs"
        return Path("vcs-audit") / name
    sqlite = Path(database_url.removeprefix("sqlite:///"))
    return sqlite.with_name(sqlite.name + "-audit")


def _extra_holidays(raw: str) -> tuple[date, ...]:
    return tuple(date.fromisoformat(part.strip()) for part in raw.split(",") if part.strip())


def _sign_in_limits(raw: str, name: str) -> str:
    """A list of sign-in limits, checked at start rather than at the first sign-in."""
    try:
        if parse_many(raw):
            return raw
    except ValueError:
        pass
    raise ValueError(f"{name} must be limits such as '5 per minute; 20 per hour', not {raw!r}")


def _notify_rate(raw: str) -> str:
    """The worker's sending rate, checked at start (the `limits` notation, one limit)."""
    try:
        if len(parse_many(raw)) == 1:
            return raw
    except ValueError:
        pass
    raise ValueError(f"VCS_NOTIFY_RATE must be one limit such as '3000 per minute', not {raw!r}")


def _notify_templates(env: dict[str, str]) -> tuple[tuple[str, str, str], ...]:
    return tuple(
        (channel, language, env[name].strip())
        for (channel, language), name in NOTIFY_TEMPLATE_VARIABLES.items()
        if env.get(name, "").strip()
    )


def _at_least_one(value: int, name: str) -> int:
    if value < 1:
        raise ValueError(f"{name} must be 1 or more, not {value}")
    return value


def _tiles_url(raw: str) -> str | None:
    """A tile template, checked at start: http(s) with the tile's place in it."""
    if not raw:
        return None
    xyz = all(part in raw for part in ("{z}", "{x}", "{y}"))
    wmts = all(part in raw for part in ("{TileMatrix}", "{TileCol}", "{TileRow}"))
    if not raw.startswith(("https://", "http://")) or not (xyz or wmts):
        raise ValueError(
            "VCS_MAP_TILES_URL must be an http(s) template with {z}, {x} and {y} "
            "(or {TileMatrix}, {TileCol} and {TileRow})"
        )
    return raw


def _optional_date(raw: str, name: str) -> date | None:
    if not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(f"{name} must be a date such as 2027-04-01, not {raw!r}") from None


def _yes_or_no(raw: str, name: str) -> bool:
    value = raw.strip().lower()
    if value in ("yes", "true", "1", "on"):
        return True
    if value in ("no", "false", "0", "off", ""):
        return False
    raise ValueError(f"{name} must be yes or no, not {raw!r}")


@dataclass(frozen=True)
class Settings:
    """What an operator can change without touching code."""

    database_url: str = DEFAULT_DATABASE_URL
    deadline_policy: str = "working_days"  # or "calendar_weeks"; see deadlines.policy_named
    due_soon_working_days: int = 3
    extra_bank_holidays: tuple[date, ...] = ()
    token_minutes: int = 60
    # A signed-in page session (vcs.access.sessions): it ends after this long without a page
    # opened or a form sent, and in any case this long after signing in; the pages warn this
    # long before it ends; a form sent after it ended is kept this long for its writer.
    session_idle_seconds: int = 3600
    session_max_seconds: int = 12 * 3600
    session_warning_seconds: int = 120
    kept_form_seconds: int = 3600
    secret_key: str | None = None
    pool_size: int = 4
    # The audit trail's key (never stored in the database), or the file that keeps one made
    # once when no key is given; and the folder of its signed checkpoints.
    audit_key: str | None = None
    audit_key_file: Path = Path("vcs.sqlite-audit/audit.key")
    audit_checkpoints: Path = Path("vcs.sqlite-audit/checkpoints")
    # How many chains ("lanes") the audit trail is written in on PostgreSQL, so that writers in
    # different transactions need not wait for each other (SQLite, one writer at a time, has
    # one lane).
    audit_lanes: int = 16
    # Licence-condition requests reach the decision maker this many working days before the
    # expected release, temporary release or parole hearing.
    condition_forwarding_working_days: int = 10
    no_response_attempts: int = 2  # unsuccessful attempts before the follow-up letter
    reply_working_days: int = 10  # how long to wait for a reply to the follow-up letter
    sweep_chunk: int = 500  # clocks the sweep records per transaction
    # Retention after a case closes, in whole years (vcs.records.retention; the audit trail is
    # kept).
    retention_years_case: int = 7  # the case, the victim and everything about them
    retention_years_letters: int = 7  # letters sent or drafted for the case
    retention_years_contacts: int = 7  # contact attempts and notes
    # Failed sign-ins allowed before sign-ins wait (vcs.access.throttle), in the `limits`
    # library's notation: per account (whatever address they come from) and per client address
    # (whatever account they try). Each later limit makes the wait longer.
    sign_in_account_limits: str = "5 per minute; 20 per hour"
    sign_in_address_limits: str = "10 per minute; 50 per hour"
    # The longest an address that has failed on an account waits for that account's limits; an
    # address with no failure on the account in this time is judged by its own limits only.
    sign_in_account_hold_minutes: int = 5
    # The basemap under exclusion zones: an XYZ template ({z}/{x}/{y}) or a WMTS template
    # ({TileMatrix}/{TileCol}/{TileRow}) with any key it needs, e.g. the Ordnance Survey Maps
    # API. Fetched by the service only (the key never reaches a browser); None: no basemap.
    map_tiles_url: str | None = None
    map_attribution: str = ""
    # Whether a victim taken on at discretion is entitled to make a Victim Personal Statement:
    # by default not (Victims' Code, right 7, is for victims in the statutory scheme), so the
    # invitation is flagged as a courtesy and counted apart in the reports.
    vps_discretionary_entitlement: bool = False
    # A contact this many days before the annual contact is due, or any time after, is the
    # annual contact (deadlines.annual).
    annual_contact_window_days: int = 28
    # When Schedule 6A to the 2004 Act (Victims and Courts Act 2026) comes into force: its rule
    # set is off until this is set (vcs/referrals/data/rule_sets.toml).
    schedule_6a_from: date | None = None
    # A restricted patient's victim's statement reaches the First-tier Tribunal (Mental Health)
    # this many days before the hearing (vcs.sentence.tribunal).
    tribunal_statement_days: int = 28
    # GOV.UK Notify (vcs.notifications). With no API key nothing is sent through Notify: letters
    # are printed and posted as before and the case page says notifications are off.
    notify_api_key: str | None = None
    notify_base_url: str = NOTIFY_BASE_URL
    notify_callback_token: str | None = None
    # Template ids: (channel, language) -> Notify template id; the templates hold ((message)).
    notify_templates: tuple[tuple[str, str, str], ...] = ()
    notify_rate: str = "3000 per minute"  # what one worker sends, under Notify's limit
    notify_retry_limit: int = 5  # sends of one message after temporary failures
    notify_retry_seconds: int = 60  # the first wait after a temporary failure, doubled each time
    # A message claimed longer ago than this by a worker that has not recorded it belongs to a
    # worker that died: the next worker asks Notify for its reference before sending it.
    notify_lease_seconds: int = 120

    @property
    def notify_on(self) -> bool:
        return bool(self.notify_api_key)

    def notify_template(self, channel: str, language: str) -> str:
        for c, lang, template_id in self.notify_templates:
            if (c, lang) == (channel, language):
                return template_id
        return ""

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgresql://", "postgres://"))

    @property
    def sqlite_path(self) -> Path:
        return Path(self.database_url.removeprefix("sqlite:///"))


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Read settings from `VCS_*` environment variables."""
    env = dict(os.environ) if env is None else env
    database_url = env.get("VCS_DATABASE_URL", DEFAULT_DATABASE_URL)
    audit_home = _audit_home(database_url)
    return Settings(
        database_url=database_url,
        deadline_policy=env.get("VCS_DEADLINE_POLICY", "working_days"),
        due_soon_working_days=int(env.get("VCS_DUE_SOON_WORKING_DAYS", "3")),
        extra_bank_holidays=_extra_holidays(env.get("VCS_EXTRA_BANK_HOLIDAYS", "")),
        token_minutes=int(env.get("VCS_TOKEN_MINUTES", "60")),
        session_idle_seconds=_at_least_one(
            int(env.get("VCS_SESSION_IDLE_SECONDS", "3600")), "VCS_SESSION_IDLE_SECONDS"
        ),
        session_max_seconds=_at_least_one(
            int(env.get("VCS_SESSION_MAX_SECONDS", str(12 * 3600))), "VCS_SESSION_MAX_SECONDS"
        ),
        session_warning_seconds=_at_least_one(
            int(env.get("VCS_SESSION_WARNING_SECONDS", "120")), "VCS_SESSION_WARNING_SECONDS"
        ),
        kept_form_seconds=_at_least_one(
            int(env.get("VCS_KEPT_FORM_SECONDS", "3600")), "VCS_KEPT_FORM_SECONDS"
        ),
        secret_key=env.get("VCS_SECRET_KEY") or None,
        pool_size=int(env.get("VCS_DB_POOL_SIZE", "4")),
        audit_key=env.get("VCS_AUDIT_KEY") or None,
        audit_key_file=Path(env.get("VCS_AUDIT_KEY_FILE") or audit_home / "audit.key"),
        audit_checkpoints=Path(env.get("VCS_AUDIT_CHECKPOINTS") or audit_home / "checkpoints"),
        audit_lanes=_at_least_one(int(env.get("VCS_AUDIT_LANES", "16")), "VCS_AUDIT_LANES"),
        condition_forwarding_working_days=int(
            env.get("VCS_CONDITION_FORWARDING_WORKING_DAYS", "10")
        ),
        no_response_attempts=int(env.get("VCS_NO_RESPONSE_ATTEMPTS", "2")),
        reply_working_days=int(env.get("VCS_REPLY_WORKING_DAYS", "10")),
        sweep_chunk=int(env.get("VCS_SWEEP_CHUNK", "500")),
        retention_years_case=int(env.get("VCS_RETENTION_YEARS_CASE", "7")),
        retention_years_letters=int(env.get("VCS_RETENTION_YEARS_LETTERS", "7")),
        retention_years_contacts=int(env.get("VCS_RETENTION_YEARS_CONTACTS", "7")),
        sign_in_account_limits=_sign_in_limits(
            env.get("VCS_SIGN_IN_ACCOUNT_LIMITS", "5 per minute; 20 per hour"),
            "VCS_SIGN_IN_ACCOUNT_LIMITS",
        ),
        sign_in_address_limits=_sign_in_limits(
            env.get("VCS_SIGN_IN_ADDRESS_LIMITS", "10 per minute; 50 per hour"),
            "VCS_SIGN_IN_ADDRESS_LIMITS",
        ),
        vps_discretionary_entitlement=_yes_or_no(
            env.get("VCS_VPS_DISCRETIONARY_ENTITLEMENT", "no"), "VCS_VPS_DISCRETIONARY_ENTITLEMENT"
        ),
        schedule_6a_from=_optional_date(
            env.get("VCS_SCHEDULE_6A_FROM", ""), "VCS_SCHEDULE_6A_FROM"
        ),
        tribunal_statement_days=_at_least_one(
            int(env.get("VCS_TRIBUNAL_STATEMENT_DAYS", "28")), "VCS_TRIBUNAL_STATEMENT_DAYS"
        ),
        annual_contact_window_days=int(env.get("VCS_ANNUAL_CONTACT_WINDOW_DAYS", "28")),
        sign_in_account_hold_minutes=_at_least_one(
            int(env.get("VCS_SIGN_IN_ACCOUNT_HOLD_MINUTES", "5")),
            "VCS_SIGN_IN_ACCOUNT_HOLD_MINUTES",
        ),
        map_tiles_url=_tiles_url(env.get("VCS_MAP_TILES_URL", "").strip()),
        map_attribution=env.get("VCS_MAP_ATTRIBUTION", "").strip(),
        notify_api_key=env.get("VCS_NOTIFY_API_KEY") or None,
        notify_base_url=env.get("VCS_NOTIFY_BASE_URL") or NOTIFY_BASE_URL,
        notify_callback_token=env.get("VCS_NOTIFY_CALLBACK_TOKEN") or None,
        notify_templates=_notify_templates(env),
        notify_rate=_notify_rate(env.get("VCS_NOTIFY_RATE", "3000 per minute")),
        notify_retry_limit=_at_least_one(
            int(env.get("VCS_NOTIFY_RETRY_LIMIT", "5")), "VCS_NOTIFY_RETRY_LIMIT"
        ),
        notify_retry_seconds=_at_least_one(
            int(env.get("VCS_NOTIFY_RETRY_SECONDS", "60")), "VCS_NOTIFY_RETRY_SECONDS"
        ),
        notify_lease_seconds=_at_least_one(
            int(env.get("VCS_NOTIFY_LEASE_SECONDS", "120")), "VCS_NOTIFY_LEASE_SECONDS"
        ),
    )


settings = load_settings()
