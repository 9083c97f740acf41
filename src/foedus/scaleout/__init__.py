"""Scale-out: sweeps over parameter grids on an executor (serial or Dask), resumable studies."""
