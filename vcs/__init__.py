"""The Victim Contact Scheme domain: referrals, cases, clocks, and their record."""

import os

# Piccolo finds its engine through this module path; set it before any table is imported.
os.environ.setdefault("PICCOLO_CONF", "vcs.core.piccolo_conf")
