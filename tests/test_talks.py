"""Talk files: parsing, validation errors with file:line, and the state on any day, in any time zone."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from folio import REPO_ROOT
from folio.errors import ContentError
from folio.talks import dates
from folio.talks.model import load_talk

UTC = dt.timezone.utc


def at(text: str) -> dt.datetime:
    """An instant, e.g. at('2025-12-09T10:00Z')."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def talk_file(write, front: str, body: str = "The abstract.\n", name: str = "t.md"):
    return write(f"site/talks/{name}", f"---\ntitle: A talk\nevent: A conference\nonline: true\n{front}---\n{body}")


def load(write, site_root, front: str, **kwargs):
    return load_talk(talk_file(write, front, **kwargs), site_root)


def test_the_owners_talk():
    talk = load_talk(REPO_ROOT / "site" / "talks" / "transformer-from-scratch.md", REPO_ROOT)
    assert talk.title == "I Built a Transformer from Scratch So You Don't Have To"
    assert (talk.event, talk.start, talk.all_day, talk.tz_name) == ("PyData Global 2025", dt.date(2025, 12, 9), True, "UTC")
    assert talk.online and talk.featured and talk.track == "Machine Learning & AI"
    assert talk.links.schedule == "https://cfp.pydata.org/pydataglobal2025/talk/QWXTAN"
    assert talk.links.recording == "https://www.youtube.com/watch?v=ID5zSzycQBg"
    assert talk.links.registration == "" and talk.links.slides == ""
    assert "PyTorch" in talk.abstract and talk.summary
    assert dates.when(talk) == "Tuesday 9 December 2025"


# -- states ------------------------------------------------------------------------------------

@pytest.mark.parametrize("now, state", [
    ("2025-12-02T12:00Z", "upcoming"),
    ("2025-12-08T23:59:59Z", "upcoming"),
    ("2025-12-09T00:00Z", "live"),
    ("2025-12-09T23:59:59Z", "live"),
    ("2025-12-10T00:00Z", "past"),
    ("2026-12-09T12:00Z", "past"),
])
def test_an_all_day_talk_is_live_for_that_day_in_utc(write, site_root, now, state):
    talk = load(write, site_root, "start: 2025-12-09\ntimezone: UTC\n")
    assert talk.state(at(now)) == state


@pytest.mark.parametrize("now, state", [
    # Kiritimati is UTC+14: 9 December starts there at 10:00 UTC on the 8th.
    ("2025-12-08T09:59Z", "upcoming"),
    ("2025-12-08T10:00Z", "live"),
    ("2025-12-09T09:59Z", "live"),
    ("2025-12-09T10:00Z", "past"),
])
def test_an_all_day_talk_follows_the_event_time_zone(write, site_root, now, state):
    talk = load(write, site_root, "start: 2025-12-09\ntimezone: Pacific/Kiritimati\n")
    assert talk.state(at(now)) == state


@pytest.mark.parametrize("now, state", [
    # 26 October 2025 in Berlin has 25 hours: 22:00 UTC on the 25th to 23:00 UTC on the 26th.
    ("2025-10-25T21:59Z", "upcoming"),
    ("2025-10-25T22:00Z", "live"),
    ("2025-10-26T22:59Z", "live"),
    ("2025-10-26T23:00Z", "past"),
])
def test_an_all_day_talk_on_the_day_the_clocks_go_back(write, site_root, now, state):
    talk = load(write, site_root, "start: 2025-10-26\ntimezone: Europe/Berlin\n")
    assert talk.state(at(now)) == state


@pytest.mark.parametrize("front", [
    "start: 2025-12-09T15:00\ntimezone: Europe/Berlin\nduration: 45m\n",
    "start: 2025-12-09T15:00:00+01:00\nduration: 45 minutes\n",
    "start: '2025-12-09T14:00Z'\nend: '2025-12-09T14:45Z'\n",
    "start: 2025-12-09T09:00\ntimezone: America/New_York\nend: 2025-12-09T09:45\n",
])
def test_a_timed_talk_written_several_ways(write, site_root, front):
    talk = load(write, site_root, front)
    assert not talk.all_day
    assert talk.starts_at == at("2025-12-09T14:00Z") and talk.ends_at == at("2025-12-09T14:45Z")
    assert [talk.state(at(t)) for t in ("2025-12-09T13:59Z", "2025-12-09T14:00Z", "2025-12-09T14:44Z",
                                        "2025-12-09T14:45Z")] == ["upcoming", "live", "live", "past"]


def test_a_timed_talk_is_shown_in_the_event_time_zone(write, site_root):
    talk = load(write, site_root, "start: 2025-12-09T15:00\ntimezone: Europe/Berlin\nduration: 1h30m\n")
    assert dates.when(talk) == "Tuesday 9 December 2025, 15:00–16:30 CET"
    assert dates.machine(talk) == "2025-12-09T15:00+01:00"
    assert talk.tz_name == "Europe/Berlin"
    offset = load(write, site_root, "start: 2025-12-09T15:00:00+05:30\n")
    assert dates.when(offset) == "Tuesday 9 December 2025, 15:00–16:00 UTC+05:30"


def test_a_duration_across_the_spring_dst_change_is_exact(write, site_root):
    # Berlin skips 02:00-03:00 on 30 March 2025: two hours from 01:30 CET end at 04:30 CEST.
    talk = load(write, site_root, "start: 2025-03-30T01:30\ntimezone: Europe/Berlin\nduration: 2h\n")
    assert talk.starts_at == at("2025-03-30T00:30Z") and talk.ends_at == at("2025-03-30T02:30Z")
    assert talk.end == dt.datetime(2025, 3, 30, 4, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert dates.when(talk) == "Sunday 30 March 2025, 01:30 CET – 04:30 CEST"
    assert talk.state(at("2025-03-30T02:15Z")) == "live"  # 04:15 in Berlin
    assert talk.state(at("2025-03-30T02:30Z")) == "past"


def test_the_same_wall_clock_time_across_the_autumn_dst_change(write, site_root):
    before = load(write, site_root, "start: 2025-10-25T18:00\ntimezone: Europe/London\n")
    after = load(write, site_root, "start: 2025-10-27T18:00\ntimezone: Europe/London\n", name="u.md")
    assert before.starts_at == at("2025-10-25T17:00Z")  # BST
    assert after.starts_at == at("2025-10-27T18:00Z")  # GMT
    assert "18:00–19:00 BST" in dates.when(before) and "18:00–19:00 GMT" in dates.when(after)


def test_a_multi_day_all_day_talk(write, site_root):
    talk = load(write, site_root, "start: 2025-12-09\nend: 2025-12-11\n")
    assert dates.when(talk) == "9–11 December 2025"
    assert talk.state(at("2025-12-11T23:00Z")) == "live" and talk.state(at("2025-12-12T00:00Z")) == "past"
    two = load(write, site_root, "start: 2025-11-30\nduration: 3d\n", name="u.md")
    assert two.end == dt.date(2025, 12, 2) and dates.when(two) == "30 November – 2 December 2025"


def test_optional_fields(write, site_root):
    talk = load(write, site_root, "start: 2025-12-09\nplace: Berlin\nspeaker: Ada\nevent_url: https://e.example/\n"
                                  "links:\n  video: https://v.example/1\n  slides: /assets/slides.pdf\n"
                                  "updated: 2025-12-20T10:00:00Z\n")
    assert talk.links.recording == "https://v.example/1" and talk.links.slides == "/assets/slides.pdf"
    assert talk.place == "Berlin" and talk.speaker == "Ada" and talk.event_url == "https://e.example/"
    assert talk.last_modified == at("2025-12-20T10:00Z")


# -- errors ------------------------------------------------------------------------------------

def error_of(write, site_root, text: str, name: str = "t.md") -> str:
    path = write(f"site/talks/{name}", text)
    with pytest.raises(ContentError) as info:
        load_talk(path, site_root)
    return info.value.format(site_root)


BASE = "---\ntitle: T\nevent: E\nonline: true\n"


@pytest.mark.parametrize("text, expected", [
    ("---\nevent: E\nstart: 2025-12-09\nonline: true\n---\n", "site/talks/t.md:1: the talk has no title"),
    ("---\ntitle: T\nstart: 2025-12-09\nonline: true\n---\n", "site/talks/t.md:1: the talk has no event"),
    ("---\ntitle: ''\nevent: E\nstart: 2025-12-09\nonline: true\n---\n", "site/talks/t.md:2: the talk has no title"),
    (BASE + "---\n", "site/talks/t.md:1: the talk has no start"),
    (BASE + "start: 2025-13-09\n---\n", "site/talks/t.md:5: '2025-13-09' is not a valid date or date-time (month must be in 1..12)"),
    (BASE + "start: 2025-02-30\n---\n", "site/talks/t.md:5: '2025-02-30' is not a valid date"),
    (BASE + "start: next tuesday\n---\n", "site/talks/t.md:5: 'start' is not a valid date or date-time"),
    (BASE + "start: 2025-12-09\ntimezone: Mars/Olympus\n---\n", "site/talks/t.md:6: unknown time zone 'Mars/Olympus'"),
    (BASE + "start: 2025-12-09T15:00\n---\n", "site/talks/t.md:5: 'start' has a time but no time zone"),
    (BASE + "start: 2025-03-30T02:30\ntimezone: Europe/Berlin\n---\n",
     "site/talks/t.md:5: 2025-03-30 02:30 does not exist in Europe/Berlin"),
    (BASE + "start: 2025-12-09\nspeakr: Ada\n---\n", "site/talks/t.md:6: unknown field 'speakr' in a talk"),
    (BASE + "start: 2025-12-09\nlinks:\n  schedule: https://s.example/\n  video2: https://v.example/\n---\n",
     "site/talks/t.md:8: unknown link 'video2'"),
    (BASE + "start: 2025-12-09\nlinks:\n  slides: slides.pdf\n---\n", "site/talks/t.md:6: 'slides' is not a link"),
    (BASE + "start: 2025-12-09\nend: 2025-12-08\n---\n", "site/talks/t.md:6: the talk ends before it starts"),
    (BASE + "start: 2025-12-09T15:00+01:00\nend: 2025-12-09T14:00+01:00\n---\n",
     "site/talks/t.md:6: the talk ends before it starts"),
    (BASE + "start: 2025-12-09\nend: 2025-12-09T15:00+01:00\n---\n", "site/talks/t.md:6: 'end' must be a date"),
    (BASE + "start: 2025-12-09\nduration: 45m\n---\n", "site/talks/t.md:6: an all-day talk lasts whole days"),
    (BASE + "start: 2025-12-09T15:00+01:00\nduration: a while\n---\n", "site/talks/t.md:6: 'duration' is not a length"),
    (BASE + "start: 2025-12-09\nend: 2025-12-10\nduration: 1d\n---\n", "site/talks/t.md:7: both 'end' and 'duration'"),
    (BASE + "start: 2025-12-09\nfeatured: yes please\n---\n", "site/talks/t.md:6: 'featured' must be true or false"),
    ("---\ntitle: T\nevent: E\nstart: 2025-12-09\n---\n", "site/talks/t.md:1: the talk does not say where it is"),
    (BASE + "start: [2025\n---\n", "site/talks/t.md:5: front matter is not valid YAML"),
])
def test_mistakes_name_the_file_and_line(write, site_root, text, expected):
    assert error_of(write, site_root, text).startswith(expected)


def test_every_error_says_what_to_do(write, site_root):
    message = error_of(write, site_root, BASE + "start: 2025-12-09\ntimezone: Mars/Olympus\n---\n")
    assert " — use an IANA name such as UTC, Europe/Berlin" in message


def test_a_file_name_that_cannot_be_a_url(write, site_root):
    assert error_of(write, site_root, BASE + "start: 2025-12-09\n---\n", name="My Talk.md").startswith(
        "site/talks/My Talk.md: the file name 'My Talk.md' cannot be a URL")
