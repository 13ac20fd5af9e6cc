#!/usr/bin/env python3
"""File-level import graph of a Rust crate (src/) and its cycles.

An edge A -> B when file A names an item defined in file B through a path
(`crate::…`, `super::…`, `self::…`, or a child module `child::…` of A's
module). Re-exports (`pub use child::Name`) are followed to the defining
file. `mod x;` declarations are not edges. Test modules (`#[cfg(test)] mod
tests { … }` at the end of a file) are ignored."""
import os, re, sys
from collections import defaultdict

root = sys.argv[1] if len(sys.argv) > 1 else 'src'

def mod_path_of(f):
    rel = os.path.relpath(f, root)[:-3].split(os.sep)
    if rel[-1] in ('mod', 'lib', 'main'): rel = rel[:-1]
    return tuple(rel)

files = {}
for d, _, fs in os.walk(root):
    for f in fs:
        if f.endswith('.rs'):
            p = os.path.join(d, f)
            files[mod_path_of(p)] = p

def strip_tests(text):
    m = re.search(r'\n#\[cfg\(test\)\]\s*\n\s*mod \w+\s*\{', text)
    if m: text = text[:m.start()]
    # comments
    text = re.sub(r'//[^\n]*', '', text)
    return text

texts = {m: strip_tests(open(p).read()) for m, p in files.items()}

def reexports(m):
    """name -> module path of the defining child, for `pub use x::...` in m."""
    out = {}
    t = texts.get(m, '')
    for mm in re.finditer(r'pub use ([\w:]+)::\{([^}]*)\}', t):
        base = mm.group(1).split('::')
        for n in mm.group(2).split(','):
            n = n.strip().split(' as ')[-1].strip()
            if n: out[n] = base
    for mm in re.finditer(r'pub use ([\w:]+)::(\w+)( as (\w+))?;', t):
        out[mm.group(4) or mm.group(2)] = mm.group(1).split('::')
    return out

def resolve(cur, segs, depth=0):
    """module path of the file defining segs (relative path already absolute)."""
    # longest prefix that is a module file
    for k in range(len(segs), 0, -1):
        mp = tuple(segs[:k])
        if mp in files:
            rest = segs[k:]
            if rest and depth < 5:
                rx = reexports(mp)
                if rest[0] in rx:
                    base = rx[rest[0]]
                    if base[0] == 'crate': tgt = list(base[1:])
                    elif base[0] == 'super': tgt = list(mp[:-1]) + base[1:]
                    elif base[0] == 'self': tgt = list(mp) + base[1:]
                    else: tgt = list(mp) + base
                    return resolve(mp, tgt + [rest[0]], depth + 1)
            return mp
    return None

edges = defaultdict(set)
for m, t in texts.items():
    children = {c[-1] for c in files if len(c) == len(m) + 1 and c[:len(m)] == m}
    for mm in re.finditer(r'\b((?:crate|super|self|[a-z_][a-z0-9_]*)(?:::[A-Za-z_][A-Za-z0-9_]*)+)', t):
        if t.startswith('::{', mm.end()):
            continue  # a use-group, resolved item by item below
        segs = mm.group(1).split('::')
        if segs[0] == 'crate': abs_ = segs[1:]
        elif segs[0] == 'super':
            base = list(m[:-1]); s = segs[1:]
            while s and s[0] == 'super': base = base[:-1]; s = s[1:]
            abs_ = base + s
        elif segs[0] == 'self': abs_ = list(m) + segs[1:]
        elif segs[0] in children: abs_ = list(m) + segs
        else: continue
        tgt = resolve(m, abs_)
        if tgt is not None and tgt != m:
            edges[m].add(tgt)
    # use-groups: `use super::{a, b::C}` / `use crate::x::{...}`
    for mm in re.finditer(r'use ((?:crate|super|self)(?:::\w+)*)::\{([^;]*)\};', t):
        segs = mm.group(1).split('::')
        if segs[0] == 'crate': base = segs[1:]
        elif segs[0] == 'super':
            b = list(m[:-1]); s = segs[1:]
            while s and s[0] == 'super': b = b[:-1]; s = s[1:]
            base = b + s
        else: base = list(m) + segs[1:]
        for item in re.split(r',(?![^{]*\})', mm.group(2)):
            item = item.strip().split(' as ')[0].strip()
            if not item or item == 'self' or '{' in item: continue
            tgt = resolve(m, base + item.split('::'))
            if tgt is not None and tgt != m:
                edges[m].add(tgt)

# Tarjan SCC
index = {}; low = {}; stack = []; on = set(); sccs = []; i = [0]
sys.setrecursionlimit(10000)
def strong(v):
    index[v] = low[v] = i[0]; i[0] += 1; stack.append(v); on.add(v)
    for w in edges.get(v, ()):
        if w not in index: strong(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        if len(comp) > 1: sccs.append(comp)
for v in files:
    if v not in index: strong(v)
name = lambda m: files[m]
if '--edges' in sys.argv:
    for m in sorted(edges):
        for t in sorted(edges[m]): print(name(m), '->', name(t))
for c in sccs:
    print('CYCLE:', ' '.join(sorted(name(x) for x in c)))
    for a in c:
        for b in edges[a]:
            if b in c: print('   ', name(a), '->', name(b))
print(f'{len(files)} files, {sum(len(v) for v in edges.values())} edges, {len(sccs)} cycles')
sys.exit(1 if sccs else 0)
