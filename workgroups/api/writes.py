"""Write endpoints of the API (governance): POST/PATCH with a Bearer token."""

from ninja import Router

router = Router(tags=["writes"])
