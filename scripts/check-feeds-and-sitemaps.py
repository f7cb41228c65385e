#!/usr/bin/env python3
"""Checks a built site's feeds with feedparser and its sitemaps as XML.

Usage: check-feeds-and-sitemaps.py PUBLIC_DIR BASE_URL
Every rss.xml and atom.xml must parse without a bozo error, with a title and dated entries
that link under BASE_URL; every sitemap must be well-formed XML whose addresses are absolute.
"""
import pathlib
import sys
import xml.dom.minidom

import feedparser


def check_feed(path, base_url):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, f"{path}: {feed.bozo_exception}"
    assert feed.feed.get("title"), f"{path}: no title"
    assert feed.feed.get("language", "fa").startswith("fa"), f"{path}: language {feed.feed.get('language')}"
    for entry in feed.entries:
        assert entry.link.startswith(base_url + "/news/"), f"{path}: link {entry.link}"
        assert entry.get("published_parsed"), f"{path}: {entry.link} has no date"
    return len(feed.entries)


def check_sitemap(path, base_url):
    document = xml.dom.minidom.parse(str(path))
    locations = [node.firstChild.data for node in document.getElementsByTagName("loc")]
    for location in locations:
        assert location.startswith(base_url + "/"), f"{path}: {location} is not absolute"
    return len(locations)


def main():
    public, base_url = pathlib.Path(sys.argv[1]), sys.argv[2].rstrip("/")
    feeds = sorted(public.rglob("rss.xml")) + sorted(public.rglob("atom.xml"))
    assert feeds, f"{public}: no feeds"
    entries = sum(check_feed(path, base_url) for path in feeds)
    sitemaps = sorted(public.glob("*sitemap*.xml"))
    assert sitemaps, f"{public}: no sitemaps"
    addresses = sum(check_sitemap(path, base_url) for path in sitemaps)
    print(f"feeds: {len(feeds)} feeds with {entries} entries parse cleanly; "
          f"sitemaps: {len(sitemaps)} files with {addresses} absolute addresses")


if __name__ == "__main__":
    main()
