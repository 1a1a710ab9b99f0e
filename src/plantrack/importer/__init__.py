"""`plantrack import`: a tracker kept in Excel or CSV becomes a plan, every cell accounted for.

The stages are separate modules so each can be tested on its own: readers.py turns a file into
rows of cell values (openpyxl for xlsx; CSV with its encoding detected), headers.py maps header
cells to plan fields, rows.py groups rows into recommendations and actions, yamlout.py writes
the plan's text and remembers which cell each value came from, so that every problem the
validator finds can be shown at the spreadsheet's cell as well as the YAML line.
"""
