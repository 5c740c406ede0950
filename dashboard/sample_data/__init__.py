"""Generated practices: the demo practice of six stories and the scale generator for benchmarks."""
