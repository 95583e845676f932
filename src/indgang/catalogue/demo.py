"""Demo service catalogue: common Copenhagen services and life situations."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from indgang.catalogue import demo_services, services
from indgang.catalogue.models import ChannelPriority, Faq, LifeSituation, Referral, Service
from indgang.core.models import Team

LIFE_SITUATIONS = [
    ("flytning", "Flytning", "Når du flytter til, i eller fra København."),
    ("nyt-barn", "Nyt barn i familien", "Når du venter eller har fået et barn."),
    ("skolestart", "Skolestart", "Når dit barn skal begynde i skole."),
    ("15-og-18-aar", "Når du fylder 15 eller 18 år", "Sundhedskort, pas og stemmeret."),
    ("pension", "Når du går på pension", "Folkepension, boligstøtte og hjælp i hjemmet."),
    ("dodsfald", "Dødsfald", "Når en af dine nærmeste dør."),
]

SELF = "selfservice"
TRANSLATED_AND_KLE = (
    "kle",
    "who_can_get",
    "name_en",
    "summary_en",
    "who_can_get_en",
    "what_you_need_en",
    "fees_en",
    "keywords_en",
)

SERVICES: list[dict[str, Any]] = [
    {
        "slug": "pas",
        "name": "Pas",
        "administration": "kff",
        "team": "borgerservice",
        "summary": "Søg om nyt pas eller forny dit pas. Du skal møde op i Borgerservice.",
        "what_you_need": "Dit gamle pas, hvis du har et. Legitimation med billede.",
        "fees": "Voksne 743 kr., børn 178 kr.",
        "keywords": "rejse udlandet rejsepas",
        "situations": ["15-og-18-aar"],
        "channels": [
            (SELF, "volume", "Bestil tid og betal online"),
            ("in_person", "complexity", "Foto og fingeraftryk tages i Borgerservice"),
        ],
        "faq": [
            (
                "Hvor lang tid tager det at få et nyt pas?",
                "Normalt cirka 14 dage fra du har været i Borgerservice.",
            )
        ],
    },
    {
        "slug": "sundhedskort",
        "name": "Sundhedskort",
        "administration": "kff",
        "team": "borgerservice",
        "summary": "Bestil et nyt gult sundhedskort, hvis du har mistet det eller skal have nyt.",
        "fees": "Et nyt kort koster 200 kr., hvis du har mistet det.",
        "keywords": "sygesikringsbevis gult kort",
        "situations": ["flytning", "15-og-18-aar", "nyt-barn"],
        "selfservice_url": "/selvbetjening/laegeskift/",
        "channels": [(SELF, "volume", "")],
        "faq": [
            (
                "Kan jeg bruge det digitale sundhedskort?",
                "Ja, appen Sundhedskortet kan bruges de fleste steder.",
            )
        ],
    },
    {
        "slug": "laegeskift",
        "name": "Lægeskift",
        "administration": "kff",
        "team": "borgerservice",
        "summary": "Skift til en anden praktiserende læge. Du får et nyt sundhedskort.",
        "what_you_need": "MitID.",
        "fees": "Gratis én gang om året, derefter 200 kr.",
        "keywords": "ny læge praktiserende",
        "situations": ["flytning"],
        "selfservice_url": "/selvbetjening/laegeskift/",
        "channels": [
            (SELF, "volume", "19.460 opkald om året kan klares selv"),
            ("phone", "target_group", "Hjælp til borgere uden MitID"),
        ],
        "faq": [
            (
                "Hvorfor kan jeg ikke vælge en bestemt læge?",
                "Lægen kan være lukket for tilgang af nye patienter.",
            )
        ],
    },
    {
        "slug": "flytning",
        "name": "Anmeld flytning",
        "administration": "kff",
        "team": "borgerservice",
        "summary": "Når du flytter, skal du anmelde din nye adresse senest fem dage efter.",
        "keywords": "adresseændring folkeregister flytte",
        "situations": ["flytning"],
        "channels": [(SELF, "volume", ""), ("in_person", "target_group", "Hvis du ikke har MitID")],
        "faq": [
            (
                "Skal jeg også skifte læge, når jeg flytter?",
                "Kun hvis du flytter langt fra din nuværende læge.",
            )
        ],
    },
    {
        "slug": "beboerlicens",
        "name": "Parkeringstilladelse for beboere (beboerlicens)",
        "administration": "tmf",
        "team": "parkering",
        "summary": "Som beboer i en betalingszone kan du købe en licens til at parkere din bil.",
        "fees": "Efter bilens udledning, fra 195 kr. om året.",
        "keywords": "beboerparkering p-tilladelse bil",
        "situations": ["flytning"],
        "channels": [(SELF, "volume", ""), ("phone", "complexity", "Firmabiler og leasing")],
        "faq": [
            (
                "Hvordan får jeg en parkeringstilladelse til min lejebil?",
                "Du skal uploade lejekontrakten for bilen.",
            )
        ],
    },
    {
        "slug": "navnebeskyttelse",
        "name": "Navne- og adressebeskyttelse",
        "administration": "kff",
        "team": "borgerservice",
        "summary": "Bliv skjult i folkeregistret, så andre ikke kan slå din adresse op.",
        "fees": "Gratis.",
        "situations": ["flytning"],
        "channels": [(SELF, "volume", "")],
        "faq": [],
    },
    {
        "slug": "vuggestue",
        "name": "Plads i vuggestue og børnehave",
        "administration": "buf",
        "team": "pladsanvisning",
        "summary": "Skriv dit barn op til en plads i dagtilbud. Du kan skrive op fra fødslen.",
        "keywords": "dagtilbud institution dagpleje pasning",
        "situations": ["nyt-barn", "flytning"],
        "channels": [(SELF, "volume", ""), ("phone", "complexity", "Særlige behov")],
        "faq": [
            (
                "Hvornår får jeg svar på en plads?",
                "Du får besked senest to måneder før pasningsgarantien.",
            )
        ],
    },
    {
        "slug": "skoleindskrivning",
        "name": "Skoleindskrivning",
        "administration": "buf",
        "team": "skoleindskrivning",
        "summary": "Indskriv dit barn i børnehaveklasse i december året før skolestart.",
        "keywords": "skole børnehaveklasse distriktsskole",
        "situations": ["skolestart"],
        "channels": [(SELF, "volume", "")],
        "faq": [],
    },
    {
        "slug": "boernetilskud",
        "name": "Børne- og ungeydelse",
        "administration": "okf",
        "team": None,
        "summary": "Du får automatisk børne- og ungeydelse, når dit barn er født.",
        "keywords": "børnecheck børnepenge",
        "situations": ["nyt-barn"],
        "channels": [("digital_post", "volume", "Udbetaling Danmark svarer")],
        "faq": [],
    },
    {
        "slug": "folkepension",
        "name": "Folkepension",
        "administration": "bif",
        "team": "ydelser",
        "summary": (
            "Du får besked fra Udbetaling Danmark et halvt år før du når folkepensionsalderen."
        ),
        "keywords": "pension alderspension",
        "situations": ["pension"],
        "channels": [(SELF, "volume", ""), ("phone", "target_group", "Ældre uden MitID")],
        "faq": [],
    },
    {
        "slug": "hjemmehjaelp",
        "name": "Hjemmehjælp",
        "administration": "suf",
        "team": "hjemmepleje",
        "summary": "Søg om hjælp til rengøring og personlig pleje i dit hjem.",
        "keywords": "hjemmepleje praktisk hjælp",
        "situations": ["pension"],
        "channels": [("phone", "target_group", "Mange ansøgere er ældre"), (SELF, "volume", "")],
        "faq": [],
    },
    {
        "slug": "begravelseshjaelp",
        "name": "Begravelseshjælp",
        "administration": "bif",
        "team": "ydelser",
        "summary": "Søg om hjælp til udgifter til begravelse eller bisættelse.",
        "keywords": "dødsfald bisættelse udgifter",
        "situations": ["dodsfald"],
        "channels": [(SELF, "volume", ""), ("phone", "complexity", "")],
        "faq": [],
    },
]


@transaction.atomic
def load_catalogue() -> int:
    situations = {}
    for position, (slug, name, description) in enumerate(LIFE_SITUATIONS):
        situations[slug], _ = LifeSituation.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    specs = [{**spec, **demo_services.EXTRA.get(spec["slug"], {})} for spec in SERVICES]
    specs += demo_services.SERVICES
    for spec in specs:
        service, _ = Service.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "administration_id": spec["administration"],
                "team": None,
                "summary": spec["summary"],
                "what_you_need": spec.get("what_you_need", ""),
                "fees": spec.get("fees", ""),
                "keywords": spec.get("keywords", ""),
                "selfservice_url": spec.get("selfservice_url", ""),
                **{field: spec.get(field, "") for field in TRANSLATED_AND_KLE},
            },
        )
        if spec["team"]:
            service.team = Team.objects.filter(
                administration_id=spec["administration"], slug=spec["team"]
            ).first()
            service.save(update_fields=["team"])
        service.life_situations.set([situations[s] for s in spec["situations"]])
        service.channels.all().delete()
        ChannelPriority.objects.bulk_create(
            ChannelPriority(service=service, rank=rank, channel=channel, reason=reason, note=note)
            for rank, (channel, reason, note) in enumerate(spec["channels"], start=1)
        )
        service.faqs.all().delete()
        Faq.objects.bulk_create(
            Faq(service=service, question=q, answer=a, position=i)
            for i, (q, a) in enumerate(spec["faq"])
        )
        services.reindex(service)
    for referral in demo_services.REFERRALS:
        Referral.objects.update_or_create(slug=referral["slug"], defaults=referral)
    return len(specs)
