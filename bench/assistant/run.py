"""Spørg kommunen benchmark: one command, figures on stdout.

    .venv/bin/python bench/assistant/run.py [--details FILE]

Asks every question in ``questions.jsonl`` (written before the assistant was
built or tuned; see PLAN.md) exactly as an anonymous citizen on /spoerg/
would — the language is detected, not given — and prints:

- right source in top-1 (a confident answer whose first source is the
  labelled service or place) and top-3 (the labelled source among the first
  three cited or suggested), for questions with a labelled service or place;
- "not sure" handling: vague questions must get confident=false; and how
  often an answerable question got "not sure" or, worse, a confident wrong
  answer;
- out-of-remit handling: the answer cites the referral for the right
  authority; own-data questions: the answer sends the citizen to log in;
- a fact check: every number in every answer (fees, opening hours, dates,
  phone numbers) must appear in the text of a page it cites (internal pages
  are rendered in Danish and English; an external site is not fetched);
- answer time: p50, p95 and max over all questions (in process, warm index
  and translations), and the one-off index build and first answers.

Runs on a throwaway SQLite database with the demo directory and catalogue,
so it never touches real data.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent / "src"))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")

NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
TAGS = re.compile(r"<[^>]+>")


def page_text(client: Any, url: str, cache: dict[str, str]) -> str:
    """The visible text of an internal page, Danish and English versions together."""
    if url in cache:
        return cache[url]
    if not url.startswith("/"):
        cache[url] = ""
        return ""
    texts = []
    for language in ("da", "en"):
        client.cookies["django_language"] = language
        response = client.get(url.split("#")[0])
        body = response.content.decode() if response.status_code == 200 else ""
        body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
        texts.append(html.unescape(TAGS.sub(" ", body)))
    cache[url] = " ".join(" ".join(texts).split())
    return cache[url]


def unsupported_facts(client: Any, answer: dict[str, Any], cache: dict[str, str]) -> list[str]:
    facts = NUMBER.findall(answer["answer"])
    if not facts:
        return []
    cited = " ".join(page_text(client, s["url"], cache) for s in answer["sources"])
    cited_numbers = set(NUMBER.findall(cited))
    return [f for f in facts if f not in cited_numbers]


def right_urls(question: dict[str, Any]) -> set[str]:
    if question["expect"] == "place":
        return {f"/steder/{question['place']}/"}
    return {f"/ydelser/{slug}/" for slug in question.get("services", [])}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--details", help="write one JSON line per question here")
    parser.add_argument("--questions", default=str(HERE / "questions.jsonl"))
    args = parser.parse_args()

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.conf import settings
    from django.test import Client

    from indgang.assistant import answers, retrieval
    from indgang.demo import services as demo

    settings.ALLOWED_HOSTS = ["*"]
    demo.load_teams()
    demo.load_directory_and_appointments()
    started = time.perf_counter()
    retrieval.index()
    build_ms = (time.perf_counter() - started) * 1000
    # The first answers in a process also load the translation catalogues and the
    # holiday calendar; `indgang ask` does this warm-up before its first question.
    started = time.perf_counter()
    answers.warm_up()
    cold_ms = (time.perf_counter() - started) * 1000

    questions = [json.loads(line) for line in Path(args.questions).read_text().splitlines() if line]
    client = Client()
    cache: dict[str, str] = {}
    times: list[float] = []
    rows = []
    for q in questions:
        started = time.perf_counter()
        result = answers.answer(q["question"]).as_contract()
        times.append((time.perf_counter() - started) * 1000)
        urls = [s["url"] for s in result["sources"]]
        row: dict[str, Any] = {**q, "result": result, "ms": round(times[-1], 1)}
        expect = q["expect"]
        if expect in ("service", "place"):
            right = right_urls(q)
            row["top1"] = bool(result["confident"] and urls and urls[0] in right)
            row["top3"] = bool(set(urls[:3]) & right)
            row["not_sure"] = not result["confident"]
            row["confident_wrong"] = bool(result["confident"] and urls and urls[0] not in right)
        elif expect == "out_of_remit":
            row["ok"] = any(u.endswith(f"#{q['referral']}") for u in urls) and result["confident"]
        elif expect == "own_data":
            row["ok"] = "/min-side/" in urls
        elif expect == "not_sure":
            row["ok"] = not result["confident"]
        row["unsupported"] = unsupported_facts(client, result, cache)
        rows.append(row)

    def share(items: list[dict[str, Any]], key: str) -> str:
        hits = sum(1 for r in items if r.get(key))
        return f"{hits}/{len(items)} = {100 * hits / len(items):.1f} %" if items else "n/a"

    def of(kind: str) -> list[dict[str, Any]]:
        return [r for r in rows if r["expect"] == kind]

    located = [r for r in rows if r["expect"] in ("service", "place")]
    kinds = ("service", "place", "out_of_remit", "own_data", "not_sure")
    counts = ", ".join(f"{k} {sum(1 for r in rows if r['expect'] == k)}" for k in kinds)
    print(f"Questions: {len(rows)} ({counts})")
    print(f"Right source top-1 (confident):  {share(located, 'top1')}")
    print(f"Right source top-3:              {share(located, 'top3')}")
    for lang in ("da", "en"):
        subset = [r for r in located if r["lang"] == lang]
        print(f"  {lang}: top-1 {share(subset, 'top1')}, top-3 {share(subset, 'top3')}")
    print(f"Answerable but 'not sure':       {share(located, 'not_sure')}")
    print(f"Confident but wrong source:      {share(located, 'confident_wrong')}")
    print(f"Vague questions -> 'not sure':   {share(of('not_sure'), 'ok')}")
    print(f"Out of remit -> right authority: {share(of('out_of_remit'), 'ok')}")
    print(f"Own data -> log in (anonymous):  {share(of('own_data'), 'ok')}")
    facts = sum(len(NUMBER.findall(r["result"]["answer"])) for r in rows)
    unsupported = [(r["id"], f) for r in rows for f in r["unsupported"]]
    print(f"Facts (numbers) in answers: {facts}; not in a cited source: {len(unsupported)}")
    for qid, fact in unsupported[:10]:
        print(f"  question {qid}: {fact}")
    ordered = sorted(times)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    print(
        f"Answer time: p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, "
        f"max {ordered[-1]:.1f} ms; index build {build_ms:.0f} ms, warm-up "
        f"(translations, holidays) {cold_ms:.0f} ms"
    )
    if args.details:
        with open(args.details, "w") as out:
            for r in rows:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
