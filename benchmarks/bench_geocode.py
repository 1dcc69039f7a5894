"""How fast place names are spotted and resolved offline.

Run: ``.venv/bin/python benchmarks/bench_geocode.py``. Builds a synthetic
1,000-word article (made-up filler with real theatre place names in varied
spellings), then measures:

* ``find_place_names`` on the article (token index);
* resolving every spotted mention with the default offline chain;
* a naive baseline: a linear rapidfuzz scan of every gazetteer spelling per
  mention (what one would write without the index).

Target: the 1,000-word article's mentions found and resolved in under 50 ms.
"""

from __future__ import annotations

import functools
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz

from geo.gazetteer import find_place_names, load_gazetteer, match_key
from geo.geocode import default_geocoder
from geo.theater import available_theaters

NAMES = ["Sudzha", "Sudzhi", "Korenevo", "Korenove", "Kurilovka", "Yunakivka", "Yunakovka",
         "the Kursk region", "Sumy Oblast", "Plekhovo", "Guevo", "Huieve", "Martynovka",
         "Malaya Loknya", "Mala Loknia", "Sverdlikovo", "Lgov", "Rylsk", "Glushkovo", "Tetkino",
         "Kursk", "Belgorod", "Basivka", "Khotin", "Snagost", "Kazachya Loknya"]
FILLER = ("the troops said on Monday that fighting continued along the road while drones "
          "hunted vehicles and analysts counted square miles of ground held by each side").split()


def article(words: int = 1000, seed: int = 7) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    while len(" ".join(out).split()) < words:
        sentence = rng.sample(FILLER, 12)
        sentence.insert(rng.randrange(1, 12), "near " + rng.choice(NAMES))
        joined = " ".join(sentence)
        out.append(joined[0].upper() + joined[1:] + ".")
    return " ".join(out)


def timed(fn, repeat: int = 20) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    t = time.perf_counter()
    theaters = available_theaters()
    gaz = load_gazetteer(theaters)
    load_s = time.perf_counter() - t
    geocoder = default_geocoder(theaters)
    text = article()
    spans = find_place_names(text, gaz)
    mentions = [s for _, _, s in spans]

    def resolve_all() -> list:
        return [geocoder.geocode(m) for m in mentions]

    def spot_and_resolve() -> list:
        return [geocoder.geocode(s) for _, _, s in find_place_names(text, gaz)]

    from geo import gazetteer as gz
    from geo import translit

    for fn in (gz.match_key, translit.ascii_key, translit.loose_key):
        fn.cache_clear()  # first, a cold run: no memoised keys
    t = time.perf_counter()
    spot_and_resolve()
    cold_s = time.perf_counter() - t
    spot_s = timed(lambda: find_place_names(text, gaz))
    resolve_s = timed(resolve_all)
    total_s = timed(spot_and_resolve)
    keys = list(gaz.fuzzy_keys)

    def naive() -> list:
        return [max(keys, key=functools.partial(fuzz.ratio, match_key(m))) for m in mentions]

    naive_s = timed(naive, repeat=3)
    resolved = sum(r is not None for r in resolve_all())
    print(f"gazetteer: {len(gaz)} entries, {len(gaz.index)} keys, loaded in {load_s * 1000:.0f} ms")
    print(f"article: {len(text.split())} words, {len(mentions)} mentions spotted, "
          f"{resolved} resolved")
    print(f"spot names (find_place_names): {spot_s * 1000:.2f} ms")
    print(f"resolve mentions:              {resolve_s * 1000:.2f} ms "
          f"({len(mentions) / resolve_s:,.0f} names/s)")
    print(f"spot + resolve (target < 50 ms): {total_s * 1000:.2f} ms "
          f"{'OK' if total_s < 0.05 else 'TOO SLOW'}")
    print(f"spot + resolve, cold (key caches empty): {cold_s * 1000:.2f} ms")
    print(f"naive baseline (linear rapidfuzz scan of {len(keys)} spellings per mention): "
          f"{naive_s * 1000:.1f} ms ({len(mentions) / naive_s:,.0f} names/s)")
    print(f"speed-up of the indexed resolver over the naive scan: {naive_s / resolve_s:,.0f}x")


if __name__ == "__main__":
    main()
