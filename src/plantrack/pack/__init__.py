"""The board pack: what one meeting's paper says (model.py), and how it is laid out (layout.py).

The content is worked out once, format-neutral; formats/pack_markdown.py, formats/html.py and
formats/docx.py only draw the laid-out document, so the three say exactly the same thing.
"""
