"""Reading article files: formats, encodings, metadata, bad input, story splitting."""

from __future__ import annotations

import datetime as dt
import json

from geo.ingest import infer_published, read_bytes, read_path, split_stories

KURSK_STORY = (
    "Kyiv's troops said on Tuesday they had pushed deeper into the Kursk region, taking "
    "control of several hamlets south of Korenevo.\n"
    "Local officials in Kursk described long queues of cars leaving the area.\n"
    "A commander near Sudzha said his unit was digging in along a tree line.\n"
    "Russian reserves were being moved from Belgorod towards the breach, analysts said.\n"
    "The fighting around Sudzha has been the heaviest on Russian soil in decades.\n"
)
FERRY_STORY = (
    "The harbour authority confirmed that the new ferry will sail twice a day from next spring.\n"
    "Passengers have long complained about cancelled crossings and cramped cabins on the old "
    "vessel, which first entered service in the eighties.\n"
    "Local businesses hope the ferry timetable will bring more tourists to the island, whose "
    "cafes and harbour shops close for most of the winter.\n"
    "The ferry operator said tickets for the island route would go on sale in the harbour "
    "office and online.\n"
    "Harbour staff will be trained on the larger ferry over the winter months.\n"
)


def test_seed_folder(seeds_dir):
    res = read_path(seeds_dir)
    ids = [a.source_id for a in res.articles]
    assert ids == ["000_e5f2cd790de49384.txt", "001_bb7958eaf8b5b9f8.txt",
                   "001_bb7958eaf8b5b9f8.txt#2", "001_bb7958eaf8b5b9f8.txt#3",
                   "001_bb7958eaf8b5b9f8.txt#4"]
    a0 = res.articles[0]
    assert a0.published == dt.date(2025, 3, 17) and a0.published_basis == "sidecar"
    assert a0.outlet == "The New York Times" and a0.theater is None  # decided later
    assert a0.text.startswith("Ukrainian forces have pulled")
    first, *others = res.articles[1:]
    assert first.published is None and first.published_basis == "unknown"
    raw = (seeds_dir / "001_bb7958eaf8b5b9f8.txt").read_text(encoding="utf-8")
    for a in res.articles[1:]:
        assert raw[a.file_offset:a.file_offset + len(a.text)] == a.text
    assert others[1].text.startswith("Donald Trump")  # the Gaza story
    msgs = " ".join(p.message for p in res.problems)
    assert "001_bb7958eaf8b5b9f8.txt: no publication date" in msgs
    assert "holds 4 stories" in msgs


def test_user_date_overrides_sidecar(seeds_dir):
    res = read_path(seeds_dir, published={"001_bb7958eaf8b5b9f8.txt": dt.date(2024, 12, 2)})
    a = [x for x in res.articles if x.source_id == "001_bb7958eaf8b5b9f8.txt"][0]
    assert (a.published, a.published_basis) == (dt.date(2024, 12, 2), "user")


def test_split_two_stories_and_not_a_single_one():
    spans = split_stories(KURSK_STORY + "Follow us\n" + FERRY_STORY)
    assert len(spans) == 2
    text = KURSK_STORY + "Follow us\n" + FERRY_STORY
    assert text[spans[1][0]:].startswith("The harbour authority")
    assert len(split_stories(KURSK_STORY + KURSK_STORY.replace("Tuesday", "Monday"))) == 1


def test_two_stories_in_one_file_are_two_articles():
    res = read_bytes((KURSK_STORY + FERRY_STORY).encode(), "mix.txt")
    assert [a.source_id for a in res.articles] == ["mix.txt", "mix.txt#2"]
    assert res.articles[1].text.startswith("The harbour authority")
    assert any("mix.txt holds 2 stories run together" in p.message for p in res.problems)


def test_markdown_with_front_matter():
    md = ("---\ntitle: Front update\noutlet: Daily Example\npublished: 2024-09-03\n---\n"
          "# Front update\n\nUkrainian units **held** the bridge near [Sudzha](http://x.y).\n")
    res = read_bytes(md.encode(), "update.md")
    (a,) = res.articles
    assert (a.title, a.outlet, a.published, a.published_basis) == (
        "Front update", "Daily Example", dt.date(2024, 9, 3), "front matter")
    assert "held the bridge near Sudzha." in a.text and "**" not in a.text and "http" not in a.text


def test_malformed_front_matter_is_reported_and_text_kept():
    md = "---\ntitle: [unclosed\npublished: 2024-09-03\n---\nTroops left Sudzha on Monday.\n"
    res = read_bytes(md.encode(), "bad.md")
    assert res.articles and "Troops left Sudzha" in res.articles[0].text
    assert any("bad.md: malformed front matter" in p.message for p in res.problems)


def test_bad_published_value_reported():
    res = read_bytes(b"Troops entered Sudzha.", "x.txt", meta={"published": "last Tuesday"})
    assert any("'last Tuesday' is not an ISO date" in p.message for p in res.problems)
    assert res.articles[0].published is None


def test_html_page_boilerplate_stripped():
    html = ("<html><head><title>Kursk front shifts</title>"
            "<meta property='article:published_time' content='2024-10-14'></head><body>"
            "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            "<article><h1>Kursk front shifts</h1>"
            "<p>Russian forces said on Sunday they had retaken the village of Lyubimovka "
            "after a week of fighting in the Kursk region.</p>"
            "<p>Ukrainian commanders said their units still held positions east of Sudzha and "
            "were rotating exhausted brigades out of the line.</p>"
            "<p>The claims could not be independently verified by the newspaper.</p></article>"
            "<footer>Subscribe to our newsletter &copy; 2024</footer></body></html>")
    res = read_bytes(html.encode(), "page.html")
    (a,) = res.articles
    assert "retaken the village of Lyubimovka" in a.text
    assert "Subscribe" not in a.text and "Home" not in a.text
    assert a.published == dt.date(2024, 10, 14) and a.published_basis == "page metadata"
    assert a.title == "Kursk front shifts"


def test_empty_and_binary_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_bytes(b"  \n\n ")
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (tmp_path / "noise.txt").write_bytes(bytes(range(256)) * 20)
    res = read_path(tmp_path)
    assert res.articles == ()
    by_file = {p.path: p for p in res.problems}
    assert "empty" in by_file["empty.txt"].message and by_file["empty.txt"].severity == "error"
    assert "empty" in by_file["blank.md"].message
    assert "PDF" in by_file["scan.txt"].message
    assert "binary" in by_file["noise.txt"].message


def test_other_encodings(tmp_path):
    ru = ("Российские войска заявили, что вернули контроль над Суджей. " * 8).encode("cp1251")
    res = read_bytes(ru, "ru.txt")
    assert "Суджей" in res.articles[0].text
    assert any("decoded as" in p.message and p.severity == "warning" for p in res.problems)
    fr = ("Les troupes ukrainiennes ont quitté la région de Koursk, a déclaré l'état-major. "
          "Élevé, déjà, très répété. " * 5).encode("latin-1")
    assert "quitté" in read_bytes(fr, "fr.txt").articles[0].text
    u16 = "Kyiv’s forces left Sudzha on Monday, officials said.".encode("utf-16")
    assert read_bytes(u16, "u16.txt").articles[0].text.startswith("Kyiv’s forces left Sudzha")


def test_folder_reports_other_files_and_orphan_sidecars(tmp_path):
    (tmp_path / "a.txt").write_text("Ukrainian troops entered Sudzha on Monday.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"title": "A", "published": "2024-08-14"', "utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (tmp_path / "lonely.meta.json").write_text("{}", "utf-8")
    res = read_path(tmp_path)
    assert [a.source_id for a in res.articles] == ["a.txt"]
    msgs = {p.path: p.message for p in res.problems}
    assert "not an article format" in msgs["photo.jpg"]
    assert "malformed JSON at line 1" in msgs["a.meta.json"]
    assert "without an article" in msgs["lonely.meta.json"]
    assert "no such file" in read_path(tmp_path / "missing.txt").problems[0].message


def test_sidecar_metadata_read(tmp_path):
    (tmp_path / "b.txt").write_text("Russian forces shelled Sumy.", encoding="utf-8")
    (tmp_path / "b.meta.json").write_text(json.dumps(
        {"title": "B", "outlet": "Wire", "url": "http://example.org/b", "published": "2024-08-14",
         "notes": "n"}), "utf-8")
    (a,) = read_path(tmp_path / "b.txt").articles
    assert (a.title, a.outlet, a.url, a.published, a.published_basis) == (
        "B", "Wire", "http://example.org/b", dt.date(2024, 8, 14), "sidecar")


def test_infer_published_from_text():
    d, ev = infer_published("The assault began on Aug. 6, 2024. By August 9 the town had fallen."
                            " On Sunday, officials said the front was quiet.")
    assert d == dt.date(2024, 8, 11)  # the Sunday after August 9, 2024 (a Friday)
    assert "Aug. 6, 2024" in ev or "August 9" in ev
    assert infer_published("No dates here at all, only a quiet village.") == (
        None, "no explicit date with a year in the text")
    res = read_bytes(b"Updated 14 October 2024. Russian forces entered Sudzha.", "u.txt")
    a = res.articles[0]
    assert a.published == dt.date(2024, 10, 14) and a.published_inferred
    assert any("inferred" in p.message for p in res.problems)


def test_article_with_no_dates_warns():
    res = read_bytes(b"Ukrainian troops moved closer to Sudzha, a commander said.", "nd.txt")
    assert res.articles[0].published is None
    (p,) = [p for p in res.problems if "no publication date" in p.message]
    assert p.path == "nd.txt" and p.severity == "warning"


def test_oversized_file():
    res = read_bytes(b"a" * 2_000_001, "big.txt")
    assert res.articles == () and "over the" in res.problems[0].message


def test_front_matter_after_blank_lines_is_still_metadata():
    res = read_bytes(b"\n\n---\noutlet: River Post\npublished: 2024-10-02\n---\nTroops "
                     b"dug in near Rylsk in the Kursk region.\n", "blank.md")
    (a,) = res.articles
    assert (a.outlet, a.published) == ("River Post", dt.date(2024, 10, 2))
    assert a.text.lstrip().startswith("Troops") and not res.problems


def test_html_date_from_markup_is_metadata_but_a_date_in_the_prose_is_inferred():
    body = ("<article><p>Our reporters visited the border villages again on 4 March 2025, "
            "where shelling continued through the night and the roads were empty.</p></article>")
    tagged = ('<html><head><meta property="article:published_time" '
              'content="2025-03-06T08:00:00Z"></head><body>' + body + "</body></html>")
    bare = "<html><body>" + body + "</body></html>"
    a = read_bytes(tagged.encode(), "tagged.html").articles[0]
    b = read_bytes(bare.encode(), "bare.html").articles[0]
    assert (a.published, a.published_basis) == (dt.date(2025, 3, 6), "page metadata")
    assert b.published == dt.date(2025, 3, 4) and b.published_inferred
