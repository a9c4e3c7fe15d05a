"""The demo data steps, in the order hyte_load_demo runs them.

Each module has ``load(context)``; every step is idempotent (it finds or updates
what an earlier run created). Later features add their module here.
"""

STEPS = [
    "demo.data.users",
    "demo.data.partners",
    "demo.data.ledger",
    "demo.data.activities",
    "demo.data.accessibility",
    "demo.data.agreements",
    "demo.data.recommendations",
    "demo.data.referrals",
    "demo.data.followup",
]
