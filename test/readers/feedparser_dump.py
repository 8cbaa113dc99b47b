"""Read feed files with Universal Feed Parser (Python feedparser) and print what it returns, as JSON.

Usage: /usr/bin/python3 feedparser_dump.py FILE...
Prints {"FILE": {"version": ..., "bozo": ..., "entries": [...]}, ...}: each entry exactly as
feedparser gives it (its own keys, and `license`, which it computes), dates as ISO 8601 in UTC.
Files only, never the network. Used by test/readers/matrix.test.ts.
"""
import calendar
import json
import sys
import time

import feedparser


def plain(value):
    if isinstance(value, time.struct_time):
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(calendar.timegm(value)))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def entry(e):
    out = plain(e)
    # Not a key of its own: feedparser answers entry.license from the rel="license" link.
    if e.get("license"):
        out["license"] = e["license"]
    return out


def main(files):
    out = {}
    for name in files:
        with open(name, "rb") as f:
            data = f.read()
        d = feedparser.parse(data)
        out[name] = {
            "version": d.get("version", ""),
            "bozo": bool(d.get("bozo")),
            "bozo_exception": str(d.get("bozo_exception", "")) or None,
            "entries": [entry(e) for e in d.entries],
        }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
