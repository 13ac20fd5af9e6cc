#!/usr/bin/env python3
"""The longest non-test functions of a Rust tree (the developers' guide: none
over 120 lines). A function's length is its lines from `fn` to its closing
brace; code in `#[cfg(test)]` items and in `tests.rs` files is skipped.

usage: tools/fn_lengths.py [SRC_DIR [N]]   (default: src, the longest 5)
"""
import os, re, sys

def strip(src):
    # blank out comments, strings and char literals, keeping newlines
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith('//', i):
            j = src.find('\n', i); j = n if j < 0 else j
            out.append(' ' * (j - i)); i = j
        elif src.startswith('/*', i):
            j = src.find('*/', i); j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', src[i:j])); i = j
        elif c == 'r' and re.match(r'r#*"', src[i:i+10]) and (i == 0 or not (src[i-1].isalnum() or src[i-1] == '_')):
            m = re.match(r'r(#*)"', src[i:]); h = m.group(1)
            j = src.find('"' + h, i + len(m.group(0))); j = n if j < 0 else j + 1 + len(h)
            out.append(re.sub(r'[^\n]', ' ', src[i:j])); i = j
        elif c == '"':
            j = i + 1
            while j < n and src[j] != '"':
                j += 2 if src[j] == '\\' else 1
            out.append(re.sub(r'[^\n]', ' ', src[i:j+1])); i = j + 1
        elif c == "'" and re.match(r"'(\\.|[^\\'])'|'\\u\{[0-9a-fA-F]+\}'|'\\x..'", src[i:i+12]):
            m = re.match(r"'(\\.|[^\\'])'|'\\u\{[0-9a-fA-F]+\}'|'\\x..'", src[i:i+12])
            out.append(' ' * len(m.group(0))); i += len(m.group(0))
        else:
            out.append(c); i += 1
    return ''.join(out)

def fns(path):
    src = strip(open(path, encoding='utf-8').read())
    lines = src.split('\n')
    # test regions: `#[cfg(test)]` followed by mod/fn/impl block
    res = []
    test_spans = []
    for m in re.finditer(r'#\[cfg\(test\)\]\s*(pub(\([^)]*\))?\s*)?(mod|fn|impl)[^{;]*\{', src):
        start = m.end() - 1
        depth, j = 0, start
        while j < len(src):
            if src[j] == '{': depth += 1
            elif src[j] == '}':
                depth -= 1
                if depth == 0: break
            j += 1
        test_spans.append((m.start(), j))
    for m in re.finditer(r'\bfn\s+([A-Za-z_][A-Za-z0-9_]*)', src):
        if any(a <= m.start() <= b for a, b in test_spans):
            continue
        j = m.end(); depth = 0
        # find the body's opening brace (skip where-clauses, generics); stop at ';' (trait decl)
        while j < len(src) and src[j] not in '{;':
            j += 1
        if j >= len(src) or src[j] == ';':
            continue
        k = j
        while k < len(src):
            if src[k] == '{': depth += 1
            elif src[k] == '}':
                depth -= 1
                if depth == 0: break
            k += 1
        a = src.count('\n', 0, m.start()) + 1
        b = src.count('\n', 0, k) + 1
        res.append((b - a + 1, f'{path}:{a}', m.group(1)))
    return res

root = sys.argv[1] if len(sys.argv) > 1 else 'src'
allf = []
for d, _, files in os.walk(root):
    for f in files:
        p = os.path.join(d, f)
        if f.endswith('.rs') and f != 'tests.rs' and '/tests/' not in p:
            allf += fns(p)
allf.sort(reverse=True)
for n, where, name in allf[:int(sys.argv[2]) if len(sys.argv) > 2 else 5]:
    print(f'{n:4} {where} {name}')
print('over 120:', sum(1 for x in allf if x[0] > 120))
