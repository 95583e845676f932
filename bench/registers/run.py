#!/usr/bin/env python
"""How long the synthetic population takes to generate (and, with a database, to load).

    .venv/bin/python bench/registers/run.py [--persons 20000] [--load]

--load also writes it into the configured database (DATABASE_URL), replacing
the embedded registers' contents.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--load", action="store_true")
    args = parser.parse_args()

    from indgang.registers.synthetic import generate

    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        population = generate(seed=1, persons=args.persons)
        times.append(time.perf_counter() - started)
    print(
        f"generate({args.persons:,} persons): best {min(times):.2f} s, "
        f"median {statistics.median(times):.2f} s over {args.repeat} runs"
    )
    print("  " + ", ".join(f"{k} {v:,}" for k, v in population.summary().items()))
    if args.load:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")
        import django

        django.setup()
        from indgang.registers.services import load_population

        started = time.perf_counter()
        load_population(population)
        print(f"load into the database: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
