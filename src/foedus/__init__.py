"""foedus: what would a given security guarantee actually secure?

The package is layered; lower layers never import higher ones::

    scenario, data -> evidence -> model -> engine -> study -> scaleout -> sensitivity
    -> audit, validation, wargame -> store -> report -> cli, web

Import from the sub-packages (for example ``foedus.engine.simulate``); this
module only exposes the version.
"""

from foedus._version import __version__

__all__ = ["__version__"]
