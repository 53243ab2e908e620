"""Posts for tests: a few files written into a copied site, and a clock that puts 'now' between them."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

NOW = dt.datetime(2026, 1, 20, 12, 0, tzinfo=dt.timezone.utc)

MUON = """---
title: Muon, explained
description: Orthogonalised updates for matrix parameters.
tags: [optimizers, Deep Learning]
updated: 2026-01-18
toc: true
---
Muon is an optimizer for *matrices*. It orthogonalises each update.

## The update

![A plot of the loss](/apple-touch-icon.png "Loss over steps")

```python
def step(x):
    return x @ x.T  # one Newton-Schulz step
```

### A detail

Text with a footnote.[^1]

## Results

| optimizer | loss |
|---|---|
| AdamW | 3.1 |
| Muon | 2.9 |

[^1]: A note.
"""

POSTS = {
    "pages/posts/2025-06-01-attention.md": "---\ntitle: Attention\ntags: [attention]\n"
                                          "redirect_from: /old-attention/\n---\nFirst paragraph about attention.\n\n"
                                          "Second paragraph.\n",
    "pages/posts/2026-01-15-muon.md": MUON,
    "pages/posts/notes/kl.md": "---\ntitle: KL divergence\ndate: 2025-11-02\ntags: optimizers\n---\nA note on KL.\n",
    "pages/posts/2026-01-19-draft.md": "---\ntitle: Work in progress\ndraft: true\ntags: [attention]\n---\nSoon.\n",
    "pages/posts/2099-03-01-later.md": "---\ntitle: Scheduled post\n---\nNot yet.\n",
}


def write_posts(root: Path, posts: dict[str, str] = POSTS) -> Path:
    for relative, text in posts.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
