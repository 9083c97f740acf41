"""Analysis layer: intervals, survival curves and typed results."""
