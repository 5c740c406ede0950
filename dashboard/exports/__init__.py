"""What leaves the app as a file: the PDF progress report, PNG/SVG charts (rendered in a worker
process) and formula-safe CSV."""
