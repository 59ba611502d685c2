"""Renderers: one finding model, many formats."""
FORMATS = ("pretty", "concise", "json", "sarif", "junit", "github", "markdown", "html", "docx")
