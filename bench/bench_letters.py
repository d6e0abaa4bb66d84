"""How fast letters render: single letters, and a unit's print run of 500.

    python bench/bench_letters.py [--single 44] [--run 500]

Renders synthetic letters (invented people only) with the pure `letters` package, every
template in English and Welsh in turn, and prints letters per second. The print run renders
each letter, then joins them behind a cover sheet, as `GET /api/v1/letters/batch.pdf` does
with the PDFs stored at drafting.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator
from datetime import date
from io import BytesIO
from itertools import cycle, islice

from pypdf import PdfReader

from letters import (
    BatchCover,
    Language,
    LetterData,
    Letterhead,
    Template,
    render_batch_pdf,
    render_letter_pdf,
)
from letters.model import FieldValue

LETTERHEAD = Letterhead(
    unit_name="Victim Liaison Unit (Example Region)",
    address_lines=("Probation Service", "1 Example Street", "Exampletown", "XX1 1XX"),
    phone="020 7946 0123",
    email="vlu@example.org",
)
FIELDS: dict[Template, dict[str, FieldValue]] = {
    Template.OPT_IN_CONFIRMATION: {"level": "key_stages", "contact_method": "post"},
    Template.NOMINATED_CONTACT_CONFIRMATION: {"nominee_name": "Sam Example"},
    Template.KEY_STAGE_PAROLE_REVIEW: {
        "hearing_date": date(2026, 7, 14),
        "vps_deadline": date(2026, 6, 9),
    },
    Template.KEY_STAGE_RELEASE: {"release_date": date(2026, 9, 21)},
    Template.KEY_STAGE_RECALL: {"recall_date": date(2026, 2, 27)},
    Template.CONDITIONS_OUTCOME: {
        "conditions": ["Not to seek to approach or communicate with Alex Example."],
        "conditions_end": date(2031, 9, 20),
    },
    Template.CASE_CLOSURE: {"closure_reason": "the sentence has come to an end."},
}


def letters(count: int) -> Iterator[tuple[Template, Language, LetterData, str]]:
    """`count` letters, every template in both languages in turn, each its own reference."""
    kinds = cycle([(t, lang) for t in Template for lang in Language])
    for n, (template, language) in enumerate(islice(kinds, count), start=1):
        reference = f"VCS/VLU-EXA/{1000 + n}/1"
        data = LetterData(
            letterhead=LETTERHEAD,
            reference=reference,
            letter_date=date(2026, 3, 3),
            addressee_name=f"Alex Example {n}",
            address_lines=("12 Sample Road", "Sampleton", "XX2 2XX"),
            vlo_name="Morgan Officer",
            offender_name="Jordan Sample",
            fields=FIELDS.get(template, {}),
        )
        yield template, language, data, reference


def bench_single(count: int) -> None:
    timings: list[float] = []
    for template, language, data, _ in letters(count):
        start = time.perf_counter()
        render_letter_pdf(template, language, data, large_print=len(timings) % 5 == 0)
        timings.append(time.perf_counter() - start)
    total = sum(timings)
    print(
        f"single letters: {count} in {total:.2f} s = {count / total:.1f} letters/s "
        f"(median {statistics.median(timings) * 1000:.0f} ms, "
        f"slowest {max(timings) * 1000:.0f} ms)"
    )


def bench_print_run(count: int) -> None:
    start = time.perf_counter()
    pdfs: list[bytes] = []
    rows: list[tuple[str, str, str]] = []
    for template, language, data, reference in letters(count):
        pdfs.append(render_letter_pdf(template, language, data))
        rows.append((reference, data.addressee_name, template.value.replace("_", " ")))
    rendered = time.perf_counter()
    cover = BatchCover(unit_name=LETTERHEAD.unit_name, run_date=date(2026, 3, 3), letters=rows)
    batch = render_batch_pdf(cover, pdfs)
    joined = time.perf_counter()
    pages = len(PdfReader(BytesIO(batch)).pages)
    total = joined - start
    print(
        f"print run of {count}: rendered in {rendered - start:.2f} s, joined behind the cover "
        f"in {joined - rendered:.2f} s; {count / total:.1f} letters/s overall; "
        f"{pages} pages, {len(batch) / 1_000_000:.1f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--single", type=int, default=2 * len(Template) * len(Language))
    parser.add_argument("--run", type=int, default=500)
    args = parser.parse_args()
    render_letter_pdf(*next(letters(1))[:3])  # warm up: fonts and templates load once
    bench_single(args.single)
    bench_print_run(args.run)


if __name__ == "__main__":
    main()
