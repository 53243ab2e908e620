"""Reading the owner's files into plain dataclasses: settings, front matter, Liquid, markdown, pages, and the
snapshot of the whole site that every view renders from."""
