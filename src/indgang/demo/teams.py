"""Teams per administration, from ../shared/ROUTING.md (a simplified Copenhagen)."""

TEAMS: dict[str, list[tuple[str, str]]] = {
    "okf": [
        ("opkraevning", "Opkrævning"),
        ("ejendomsskat", "Ejendomsskat"),
        ("byudvikling", "Byudvikling og lokalplaner"),
    ],
    "kff": [
        ("borgerservice", "Borgerservice"),
        ("biblioteker", "Biblioteker"),
        ("idraet", "Idrætsanlæg og svømmehaller"),
    ],
    "buf": [
        ("pladsanvisning", "Pladsanvisning"),
        ("skoleindskrivning", "Skoleindskrivning"),
        ("sundhedspleje", "Sundhedspleje"),
    ],
    "suf": [
        ("hjemmepleje", "Hjemmepleje"),
        ("plejebolig", "Plejeboliger"),
        ("genoptraening", "Genoptræning"),
    ],
    "sof": [
        ("boern-familie", "Børne- og familieområdet"),
        ("handicap", "Handicap"),
        ("hjemloshed", "Hjemløshed og udsatte"),
    ],
    "tmf": [
        ("affald", "Affald og genbrug"),
        ("parkering", "Parkering"),
        ("byggeri", "Byggeri"),
        ("veje", "Veje og grønne områder"),
    ],
    "bif": [
        ("jobcenter", "Jobcenter"),
        ("ydelser", "Ydelsescenter"),
        ("integration", "Integration og danskuddannelse"),
    ],
}

# Demo staff; the password is for the demo only (printed by `indgang demo load`).
DEMO_PASSWORD = "demo-indgang-2026"  # noqa: S105
STAFF: list[dict[str, object]] = [
    {
        "username": "borgerservice",
        "first_name": "Mette",
        "last_name": "Borg",
        "administration_code": "kff",
        "team_slug": "borgerservice",
        "roles": ["front_desk"],
    },
    {
        "username": "sagsbehandler.tmf",
        "first_name": "Jonas",
        "last_name": "Vej",
        "administration_code": "tmf",
        "team_slug": "parkering",
        "roles": ["caseworker"],
    },
    {
        "username": "sagsbehandler.sof",
        "first_name": "Sara",
        "last_name": "Social",
        "administration_code": "sof",
        "team_slug": "boern-familie",
        "roles": ["caseworker"],
    },
    {
        "username": "sagsbehandler.bif",
        "first_name": "Ali",
        "last_name": "Job",
        "administration_code": "bif",
        "team_slug": "ydelser",
        "roles": ["caseworker"],
    },
    {
        "username": "sagsbehandler.okf",
        "first_name": "Olga",
        "last_name": "Skat",
        "administration_code": "okf",
        "team_slug": "ejendomsskat",
        "roles": ["caseworker"],
    },
    {
        "username": "sagsbehandler.kff",
        "first_name": "Karl",
        "last_name": "Kultur",
        "administration_code": "kff",
        "team_slug": "borgerservice",
        "roles": ["caseworker"],
    },
    {
        "username": "sagsbehandler.buf",
        "first_name": "Bodil",
        "last_name": "Barn",
        "administration_code": "buf",
        "team_slug": "pladsanvisning",
        "roles": ["caseworker"],
    },
    {
        "username": "sagsbehandler.suf",
        "first_name": "Svend",
        "last_name": "Sund",
        "administration_code": "suf",
        "team_slug": "hjemmepleje",
        "roles": ["caseworker"],
    },
    {
        "username": "redaktoer",
        "first_name": "Eva",
        "last_name": "Redaktør",
        "administration_code": "kff",
        "team_slug": "borgerservice",
        "roles": ["editor"],
    },
    {
        "username": "analytiker",
        "first_name": "Anders",
        "last_name": "Analyse",
        "administration_code": "okf",
        "team_slug": None,
        "roles": ["analyst"],
    },
    {
        "username": "admin",
        "first_name": "Ida",
        "last_name": "Admin",
        "administration_code": "okf",
        "team_slug": None,
        "roles": ["administrator"],
    },
]
