"""How an address is written in one line, as DAWA does it (pure Python)."""


def address_label(
    street: str,
    house_number: str,
    floor: str | None,
    door: str | None,
    postcode: str,
    city: str,
) -> str:
    """ "Nørrebrogade 12, 2. th, 2200 København N"; "Amagerbrogade 3A, st. tv, 2300 …"."""
    unit = ""
    if floor or door:
        unit = ", " + " ".join(part for part in (f"{floor}." if floor else "", door or "") if part)
    return f"{street} {house_number}{unit}, {postcode} {city}"
