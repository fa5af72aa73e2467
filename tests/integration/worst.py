#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The costliest documents one can send carexd, by shape, each as large as
a body may be: the integration tests submit them and bench/hostile times
them. Shapes a limit refuses on the bytes (before libxml2 spends time)
and shapes that pass the byte scan and cost libxml2 and the schema their
most:

  attrs        one element with as many attributes as fit (300,000 in
               4 MB): libxml2 2.9 compares each with every earlier one
  attrs-spread max_attributes - 1 attributes on each of as many elements
               as fit: under the per-element limit, over max_nodes
  ns           namespace declarations on one element
  ns-spread    max_namespaces declarations on each of many elements
  nodes        empty elements to max_nodes - 1, then text to the size:
               the most nodes the scan lets through, plus bytes
  names        elements with names of max_name_length - 1 characters
  text         one text node of the whole size
  charrefs     character references (&#x41;) of the whole size
  deep         nesting to max_depth, repeated

usage: worst.py SHAPE OUT [BYTES] [MAX_NODES]
       worst.py --all DIR [BYTES] [MAX_NODES]   (DIR/SHAPE.xml for each)
BYTES defaults to 4 MiB less 4 KiB, MAX_NODES to 50000.
"""
import os
import sys

NS = "urn:carex:doc:1"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<prescription-change xmlns="%s"' % NS
TAIL = "</prescription-change>\n"


def fill(piece, room, most=None):
    """As many copies of piece as fit in room bytes (and at most most)."""
    n = max(0, room // len(piece))
    return piece * (n if most is None else min(n, most))


def shape(name, size, max_nodes):
    room = size - len(HEAD) - len(TAIL) - 64
    if name == "attrs":
        n = room // 12
        return HEAD + "".join(' a%07d=""' % i for i in range(n)) + "/>\n"
    if name == "attrs-spread":
        el = "<x " + " ".join('a%02d=""' % i for i in range(31)) + "/>\n"
        return HEAD + ">" + fill(el, room) + TAIL
    if name == "ns":
        n = room // len(' xmlns:p0000000="u:0000000"')
        return HEAD + "".join(' xmlns:p%07d="u:%07d"' % (i, i) for i in range(n)) + "/>\n"
    if name == "ns-spread":
        el = "<x " + " ".join('xmlns:p%d="u:%d"' % (i, i) for i in range(8)) + "/>\n"
        return HEAD + ">" + fill(el, room) + TAIL
    if name == "nodes":
        els = fill("<x/>", room, max_nodes - 2)
        return HEAD + ">" + els + "<y>" + "t" * max(0, room - len(els) - 8) + "</y>" + TAIL
    if name == "names":
        el = "<" + "n" * 127 + "/>"
        return HEAD + ">" + fill(el, room, max_nodes - 2) + TAIL
    if name == "text":
        return HEAD + "><header><message-id>" + "a" * (room - 40) + "</message-id></header>" + TAIL
    if name == "charrefs":
        return HEAD + "><header><message-id>" + fill("&#x41;", room - 40) + "</message-id></header>" + TAIL
    if name == "deep":
        d = "".join("<x%d>" % i for i in range(46)) + "".join("</x%d>" % i for i in reversed(range(46)))
        return HEAD + ">" + fill(d, room, (max_nodes - 2) // 46) + TAIL
    raise SystemExit("worst.py: no shape %s" % name)


SHAPES = ["attrs", "attrs-spread", "ns", "ns-spread", "nodes", "names", "text", "charrefs", "deep"]


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 4 * 1024 * 1024 - 4096
    max_nodes = int(sys.argv[4]) if len(sys.argv) > 4 else 50000
    if sys.argv[1] == "--all":
        for s in SHAPES:
            with open(os.path.join(sys.argv[2], s + ".xml"), "w") as f:
                f.write(shape(s, size, max_nodes))
        return
    with open(sys.argv[2], "w") as f:
        f.write(shape(sys.argv[1], size, max_nodes))


if __name__ == "__main__":
    main()
