"""`python freeze.py`: the whole site as static files, in named steps.

plan.py    which URLs the site has, and which pages the last build already holds
render.py  every URL through Frozen-Flask, on both cores
check.py   every internal link and #anchor resolves
swap.py    the new build takes the old one's place in one move (and the destination is kept safe)
pipeline.py runs the steps; cli.py is the command; cache.py what builds keep between runs
"""
