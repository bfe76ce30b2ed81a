"""Which links are documents: same host or extra hosts, a tracked type by extension; titled by
the first link's text, linked from every chapter that links it, contents order."""

from __future__ import annotations

from crawler.documents import LinkingChapter, document_links, document_type

A = LinkingChapter("1.3.1", "Consultation", "https://m.example/chapter/a")
B = LinkingChapter("1.3.3", "Section 47", "https://m.example/chapter/b")
ALL = ("pdf", "docx", "doc", "odt", "xlsx", "rtf")


def test_documents_are_found_by_extension_on_the_manuals_hosts() -> None:
    chapters = [
        (A, [("Referral Form", "https://m.example/media/1/form.PDF#page=2"),
             ("Assessments", "https://m.example/chapter/c"),
             ("GOV.UK guidance", "https://www.gov.uk/guidance.pdf"),
             ("Shared leaflet", "https://files.example/leaflet.docx"),
             ("Old form", "https://m.example/files/old.doc?v=2")]),
        (B, [("The referral form", "https://m.example/media/1/form.PDF"),
             ("Referral Form again", "https://m.example/media/1/form.PDF"),
             ("Spreadsheet", "https://m.example/files/rota.xlsx")]),
    ]
    found = document_links(chapters, hosts=["files.example"], types=ALL)
    assert [(d.url, d.title, d.type, d.linked_from) for d in found] == [
        ("https://m.example/media/1/form.PDF", "Referral Form", "pdf", ("1.3.1", "1.3.3")),
        ("https://files.example/leaflet.docx", "Shared leaflet", "docx", ("1.3.1",)),
        ("https://m.example/files/old.doc?v=2", "Old form", "doc", ("1.3.1",)),
        ("https://m.example/files/rota.xlsx", "Spreadsheet", "xlsx", ("1.3.3",)),
    ]


def test_links_without_an_extension_under_media_folders_are_candidates() -> None:
    """Found by folder with type None (their Content-Type decides); chapters never are."""
    chapters = [(A, [("Download", "https://m.example/trixcms/media/1234/download"),
                     ("Leaflet", "https://m.example/media/abc"),
                     ("Old form", "https://m.example/norfolk_cs/files/safety-plan"),
                     ("Photo", "https://m.example/media/5/photo.png"),
                     ("Media page", "https://m.example/media"),
                     ("A chapter", "https://m.example/chapter/b"),
                     ("Listed under media", "https://m.example/media/chapter"),
                     ("Elsewhere", "https://other.example/media/9/download")])]
    found = document_links(chapters, (), ALL, pages={"https://m.example/media/chapter"})
    assert [(d.url, d.type) for d in found] == [
        ("https://m.example/trixcms/media/1234/download", None),
        ("https://m.example/media/abc", None),
        ("https://m.example/norfolk_cs/files/safety-plan", None),
    ]


def test_only_the_configured_types_are_tracked() -> None:
    chapters = [(A, [("Form", "https://m.example/f.pdf"), ("Rota", "https://m.example/r.xlsx")])]
    assert [d.url for d in document_links(chapters, (), ("xlsx",))] == ["https://m.example/r.xlsx"]


def test_document_type_reads_the_extension_of_the_path_only() -> None:
    assert [document_type(u) for u in ("https://h/a.odt", "https://h/a.rtf?x=.pdf",
                                       "https://h/pdf", "https://h/a.html")] == \
        ["odt", "rtf", None, None]
