"""Maps are rebuilt, never passed on (issue 15, finding 2): a map attached to a request reaches the
offender manager and the decision maker only as a copy rebuilt from its picture, with none of
the metadata the original carried (GPS position, description, artist, comment, XMP, colour
profile; a PDF's document information, JavaScript, forms and attachments). The original stays in
the Victim Liaison Unit, every read of it audited. All people and places are invented."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pypdfium2 as pdfium
from PIL import ExifTags, Image, ImageCms
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from tests.api.test_conditions import (
    REQUESTS,
    assign_om,
    case_and_offender,
    create,
    forward,
    pdf_text,
)
from tests.api.test_pages import signed_in
from tests.fixtures import World, run
from vcs.access.tables import AuditEntry
from vcs.conditions.tables import ConditionMap, ConditionMapCopy

SECRETS = [b"Mill Lane", b"E5 2FU", b"900993", b"Victim home", b"alert"]
RED = (200, 0, 0)


def drawn_map() -> Image.Image:
    """A white map with a red zone in the middle."""
    image = Image.new("RGB", (120, 90), "white")
    image.paste(RED, (30, 20, 90, 70))
    return image


def jpeg_with_metadata() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.ImageDescription] = "Victim home 119 Mill Lane E5 2FU"
    exif[ExifTags.Base.Artist] = "Call +44 7700 900993"
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (51.0, 33.0, 12.5), 3: "W", 4: (0.0, 3.0, 7.25)}
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>119 Mill Lane'
        b"</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    out = BytesIO()
    drawn_map().save(
        out, "JPEG", exif=exif, icc_profile=icc, comment=b"Victim home, E5 2FU", xmp=xmp
    )
    return out.getvalue()


def png_with_text() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "Victim home 119 Mill Lane")
    info.add_itxt("Description", "Call +44 7700 900993")
    out = BytesIO()
    drawn_map().save(out, "PNG", pnginfo=info)
    return out.getvalue()


def pdf_with_metadata() -> bytes:
    drawn = BytesIO()
    drawn_map().save(drawn, "PDF", resolution=72)
    writer = PdfWriter(clone_from=PdfReader(BytesIO(drawn.getvalue())))
    writer.add_metadata({"/Author": "Victim home 119 Mill Lane", "/Subject": "E5 2FU 900993"})
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('Victim home 119 Mill Lane');"),
        }
    )
    writer.add_attachment("home.txt", b"119 Mill Lane, E5 2FU")
    script = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('900993');"),
        }
    )
    names = writer._root_object["/Names"]
    names[NameObject("/JavaScript")] = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("open"), script])}
    )
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def attach(world: World, request_id: int, content: bytes, name: str) -> Any:
    return world.client.post(
        f"{REQUESTS}/{request_id}/map",
        files={"file": (name, content, "application/octet-stream")},
        headers=world.headers("vlo"),
    )


def forwarded_with_map(world: World, content: bytes, name: str) -> int:
    case_id, offender_id = case_and_offender(world)
    rid = int(create(world, case_id).json()["id"])
    assert attach(world, rid, content, name).status_code == 201
    assert forward(world, rid).status_code == 200
    assign_om(world, offender_id)
    return rid


def assert_clean_bytes(content: bytes) -> None:
    for secret in SECRETS:
        assert secret not in content, secret


def assert_still_the_map(image: Image.Image) -> None:
    rgb = image.convert("RGB")
    width, height = rgb.size
    red, green, blue = rgb.getpixel((width // 2, height // 2))  # type: ignore[misc]
    assert red > 150 and green < 60 and blue < 60  # the zone
    assert min(rgb.getpixel((2, 2))) > 230  # type: ignore[arg-type]  # the white around it


def test_an_image_map_reaches_the_offender_manager_rebuilt_without_its_metadata(
    world: World,
) -> None:
    original = jpeg_with_metadata()
    rid = forwarded_with_map(world, original, "map.jpg")
    copy = world.get("om", f"{REQUESTS}/{rid}/map")
    assert copy.status_code == 200 and copy.headers["content-type"].startswith("image/jpeg")
    assert copy.content != original
    assert_clean_bytes(copy.content)
    image = Image.open(BytesIO(copy.content))
    assert dict(image.getexif()) == {}
    assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    for key in ("exif", "xmp", "comment", "icc_profile", "XML:com.adobe.xmp"):
        assert key not in image.info, key
    assert image.size == (120, 90)
    assert_still_the_map(image)
    # The offender manager's view of the request describes the copy, not the original.
    described = world.get("om", f"{REQUESTS}/{rid}").json()["map"]
    assert described["size_bytes"] == len(copy.content)
    # The page's link gives the same copy.
    assert signed_in(world, "om").get(f"/condition-requests/{rid}/map/file").content == (
        copy.content
    )
    # The representation to the decision maker holds the copy too.
    representation = world.get("om", f"{REQUESTS}/{rid}/representation.pdf").content
    assert_clean_bytes(representation)
    assert "Mill Lane" not in pdf_text(representation)


def test_the_original_stays_in_the_unit_and_every_read_is_audited(world: World) -> None:
    original = jpeg_with_metadata()
    rid = forwarded_with_map(world, original, "map.jpg")
    assert world.get("vlo", f"{REQUESTS}/{rid}/map").content == original
    assert world.get("om", f"{REQUESTS}/{rid}/map").content != original
    assert world.get("om_other", f"{REQUESTS}/{rid}/map").status_code == 403
    actions = [
        (a["actor"], a["action"])
        for a in run(AuditEntry.select().where(AuditEntry.record_type == "condition_request"))
        if "map" in a["action"]
    ]
    assert actions == [("vlo", "attach_map"), ("vlo", "read_original_map"), ("om", "read_map")]


def test_a_png_map_loses_its_text_chunks(world: World) -> None:
    rid = forwarded_with_map(world, png_with_text(), "map.png")
    copy = world.get("om", f"{REQUESTS}/{rid}/map").content
    assert_clean_bytes(copy)
    image = Image.open(BytesIO(copy))
    assert image.format == "PNG" and image.info == {} and not image.text  # type: ignore[attr-defined]
    assert_still_the_map(image)


def test_a_pdf_map_is_rasterised_without_metadata_javascript_or_attachments(
    world: World,
) -> None:
    original = pdf_with_metadata()
    assert PdfReader(BytesIO(original)).metadata["/Author"]  # the attack is in the original
    assert b"/OpenAction" in original and b"/EmbeddedFile" in original
    rid = forwarded_with_map(world, original, "map.pdf")
    copy = world.get("om", f"{REQUESTS}/{rid}/map")
    assert copy.headers["content-type"].startswith("application/pdf")
    assert_clean_bytes(copy.content)
    for name in (b"/JavaScript", b"/JS", b"/OpenAction", b"/AcroForm", b"/EmbeddedFile", b"/AA"):
        assert name not in copy.content, name
    reader = PdfReader(BytesIO(copy.content))
    assert reader.metadata is None
    assert "/Names" not in reader.trailer["/Root"] and "/Metadata" not in reader.trailer["/Root"]
    [page] = reader.pages
    assert page.extract_text().strip() == ""  # pictures only: no text to carry anything
    rendered = pdfium.PdfDocument(copy.content)[0].render(scale=1).to_pil()
    assert_still_the_map(rendered)
    representation = world.get("om", f"{REQUESTS}/{rid}/representation.pdf").content
    assert_clean_bytes(representation)
    for name in (b"/JavaScript", b"/OpenAction", b"/EmbeddedFile"):
        assert name not in representation, name
    assert "Mill Lane" not in str(PdfReader(BytesIO(representation)).metadata)


def test_a_map_attached_before_copies_were_made_is_rebuilt_when_first_needed(
    world: World,
) -> None:
    """A database from the previous release holds maps with no copy: the offender side never
    gets the original, only a copy made when it first needs it."""
    rid = forwarded_with_map(world, jpeg_with_metadata(), "map.jpg")
    run(ConditionMapCopy.delete().where(ConditionMapCopy.request == rid))
    assert world.get("om", f"{REQUESTS}/{rid}").json()["map"] is not None
    copy = world.get("om", f"{REQUESTS}/{rid}/map").content
    assert_clean_bytes(copy)
    assert run(ConditionMapCopy.count().where(ConditionMapCopy.request == rid)) == 1


def test_a_map_that_cannot_be_rebuilt_is_refused_when_attached(world: World) -> None:
    case_id, _ = case_and_offender(world)
    rid = create(world, case_id).json()["id"]
    broken = b"\xff\xd8\xff\xe0" + b"\x00" * 64  # a JPEG's first bytes, then nothing
    response = attach(world, rid, broken, "map.jpg")
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["file"]
    assert run(ConditionMap.count()) == 0 and run(ConditionMapCopy.count()) == 0
