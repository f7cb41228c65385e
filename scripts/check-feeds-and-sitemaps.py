#!/usr/bin/env python3
"""Checks a built site's feeds with feedparser and its sitemaps against the sitemaps.org rules.

Usage: check-feeds-and-sitemaps.py PUBLIC_DIR BASE_URL
Every rss.xml and atom.xml must parse without a bozo error, with a title and dated entries
that link under BASE_URL. Every address in a feed (channel and entry links, guids, ids, hrefs,
and the links and images inside entry bodies) and in a sitemap must be an absolute URI: ASCII,
percent-encoded (RFC 3986), never an IRI. Every sitemap must be a non-empty <urlset> or
<sitemapindex> as the sitemaps.org 0.9 schema (sitemap.xsd, siteindex.xsd) has it, and
robots.txt must name only sitemaps that exist. sitemap.xml must be an index whose every part
exists and is a <urlset> (an index may not name another index), and every file under sitemaps/
must be one of its parts.
"""
import html.parser
import pathlib
import re
import sys
import xml.etree.ElementTree as ET

import feedparser

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM_NS = "{http://www.w3.org/2005/Atom}"
# RFC 3986's characters: unreserved, reserved, and %XX escapes, nothing else.
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$")
# W3C Datetime, as sitemap.xsd's tLastmod allows it.
W3C_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$")
CHANGEFREQ = {"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}


def check_uri(path, address, base_url=None):
    assert URI.match(address), f"{path}: {address!r} is not an absolute percent-encoded URI"
    if base_url is not None:
        assert address.startswith(base_url + "/"), f"{path}: {address} is not under {base_url}"


class Links(html.parser.HTMLParser):
    """The href and src addresses of an entry body."""

    def __init__(self):
        super().__init__()
        self.addresses = []

    def handle_starttag(self, tag, attrs):
        self.addresses += [value for name, value in attrs if name in ("href", "src") and value]


def body_addresses(markup):
    parser = Links()
    parser.feed(markup)
    return parser.addresses


def check_feed(path, base_url):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, f"{path}: {feed.bozo_exception}"
    assert feed.feed.get("title"), f"{path}: no title"
    assert feed.feed.get("language", "fa").startswith("fa"), f"{path}: language {feed.feed.get('language')}"
    for entry in feed.entries:
        assert entry.link.startswith(base_url + "/news/"), f"{path}: link {entry.link}"
        assert entry.get("published_parsed"), f"{path}: {entry.link} has no date"
    root = ET.parse(path).getroot()
    addresses = []
    for element in root.iter():
        tag = element.tag
        if tag in ("link", "guid", f"{ATOM_NS}id") and (element.text or "").strip():
            addresses.append(element.text.strip())
        if tag in (f"{ATOM_NS}link", "{http://www.w3.org/2005/Atom}link") and element.get("href"):
            addresses.append(element.get("href"))
        if tag in ("description", f"{ATOM_NS}content") and element.text:
            for address in body_addresses(element.text):
                check_uri(path, address)
    for address in addresses:
        check_uri(path, address, base_url)
    assert addresses, f"{path}: no addresses"
    return len(feed.entries)


def check_sitemap(path, base_url):
    root = ET.parse(path).getroot()
    kinds = {f"{SITEMAP_NS}urlset": f"{SITEMAP_NS}url", f"{SITEMAP_NS}sitemapindex": f"{SITEMAP_NS}sitemap"}
    assert root.tag in kinds, f"{path}: the root is {root.tag}, not a sitemaps.org <urlset> or <sitemapindex>"
    children = list(root.findall(kinds[root.tag]))
    assert children, f"{path}: an empty {root.tag} is not a valid sitemap"
    assert len(children) <= 50000, f"{path}: {len(children)} entries, above 50,000"
    assert len(children) == len([c for c in root if c.tag.startswith(SITEMAP_NS)]), f"{path}: unknown elements"
    for child in children:
        locations = child.findall(f"{SITEMAP_NS}loc")
        assert len(locations) == 1, f"{path}: an entry with {len(locations)} <loc>"
        location = (locations[0].text or "").strip()
        assert 12 <= len(location) <= 2048, f"{path}: <loc> {location!r} of {len(location)} characters"
        check_uri(path, location, base_url)
        for lastmod in child.findall(f"{SITEMAP_NS}lastmod"):
            assert W3C_DATE.match(lastmod.text or ""), f"{path}: <lastmod> {lastmod.text!r}"
        for changefreq in child.findall(f"{SITEMAP_NS}changefreq"):
            assert changefreq.text in CHANGEFREQ, f"{path}: <changefreq> {changefreq.text!r}"
        for priority in child.findall(f"{SITEMAP_NS}priority"):
            assert 0 <= float(priority.text) <= 1, f"{path}: <priority> {priority.text!r}"
    return len(children)


def check_index(public, base_url):
    """Follows sitemap.xml into its parts; returns the parts and how many addresses they list."""
    index = public / "sitemap.xml"
    root = ET.parse(index).getroot()
    assert root.tag == f"{SITEMAP_NS}sitemapindex", f"{index}: not a <sitemapindex>"
    check_sitemap(index, base_url)
    parts = []
    for location in root.iter(f"{SITEMAP_NS}loc"):
        address = location.text.strip()
        part = public / address[len(base_url) + 1:]
        assert part.is_file(), f"{index} names {address}, which the site does not have"
        assert part not in parts, f"{index} names {address} twice"
        parts.append(part)
    addresses = 0
    for part in parts:
        assert ET.parse(part).getroot().tag == f"{SITEMAP_NS}urlset", f"{part}: not a <urlset>"
        addresses += check_sitemap(part, base_url)
    files = sorted((public / "sitemaps").rglob("*"))
    unlisted = [str(f) for f in files if f.is_file() and f not in parts]
    assert not unlisted, f"{index} does not name {unlisted}"
    return parts, addresses


def check_robots(public, base_url):
    robots = (public / "robots.txt").read_text(encoding="utf-8")
    named = [line.split(":", 1)[1].strip() for line in robots.splitlines() if line.startswith("Sitemap:")]
    assert named, f"{public}/robots.txt names no sitemap"
    for address in named:
        check_uri("robots.txt", address, base_url)
        target = public / address[len(base_url) + 1:]
        assert target.is_file(), f"robots.txt names {address}, which the site does not have"


def main():
    public, base_url = pathlib.Path(sys.argv[1]), sys.argv[2].rstrip("/")
    feeds = sorted(public.rglob("rss.xml")) + sorted(public.rglob("atom.xml"))
    assert feeds, f"{public}: no feeds"
    entries = sum(check_feed(path, base_url) for path in feeds)
    parts, addresses = check_index(public, base_url)
    others = [path for path in sorted(public.glob("*sitemap*.xml")) if path.name != "sitemap.xml"]
    addresses += sum(check_sitemap(path, base_url) for path in others)
    check_robots(public, base_url)
    print(f"feeds: {len(feeds)} feeds with {entries} entries parse cleanly, every address a URI; "
          f"sitemaps: an index of {len(parts)} parts and {len(others)} other files, non-empty, "
          f"with {addresses} percent-encoded absolute addresses")


if __name__ == "__main__":
    main()
