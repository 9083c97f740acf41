"""International Crisis Behavior (ICB) v14 files, crisis level (ICB1) and actor level (ICB2).

Brecher, M., J. Wilkenfeld, K. Beardsley, P. James & D. Quinn. International
Crisis Behavior Data, Version 14 (ICB Project; the 2021 release year of v14 is
taken from the file's distribution, not checked against the project's site).

Codes used:

- ``viol`` (crisis level): 1 no violence, 2 minor clashes, 3 serious clashes,
  4 full-scale war.
- ``trigent`` (actor level): the entity that triggered the actor's crisis, a COW
  state code, or 995-997 for entities that are not one state (not a COW code).
- ``datrig`` (actor level): the trigger's day; 66, 77 and 88 are read as an
  unknown day (blank also occurs).
- ``nuclear`` (actor level): 1 no nuclear capability, 2 foreseeable capability
  (a programme), 3 possession without second-strike capability, 4 second-strike
  capability. The reading of 3-4 as possession follows the actors' codes in the
  file itself (the United States: 2 in 1941-45, 3 in 1946-50, 4 from 1953; the
  USSR: 2 in 1946-48, 3 in 1950-56, 4 from 1958; Iran 2003-06 and Iraq 1981-84: 2).
"""

from __future__ import annotations

from pathlib import Path

from foedus.data.table import Column, Schema, Table, read_table


def _columns(names: str) -> tuple[str, ...]:
    return tuple(names.split())


ICB1_HEADER = _columns("""
icb1 crisno crisname break trigent yrtrig motrig datrig yrterm moterm daterm brexit gravcr
crismg cenviosy sevviosy viol timvio iwcmb noactr gpinv gpinvtp gpefcttp gpefactp gppacetp
powinv usinv usefct usefac uspace usactor suinv suefct suefac supace suactor soglact chinv
globorg globactm globefct globefor globefac globpace soract regorg regactmb roefct robody
roefac ropace subout forout exsat outesr cractr geostr hetero issues chacts chall powch
rugach geog geogrel period syslevsy protrac pcid powdissy ethnic ethconf stressad sourdt
mediate mednum medwho medtime yrmedst momedst damedst yrmedend momedend damedend yrmedfin
momedfin damedfin medgoal medfacl medform medmanip medstyle medstefc medefct medpace
""")

ICB2_HEADER = _columns("""
icb2 crisno cracno cracid actor systrgyr systrgmo systrgda crisname triggr yrtrig motrig
datrig trigent trigloc southv southpow sizedu strcdu comlev majres yerres monres dayres
trgresra crismg cenvio sevvio usinv usfavr suinv sufavr gbinv gbfavr frinv frfavr itinv
itfavr grinv grfavr jpinv jpfavr globorg globact globfavr regorg regact rofavr outcom
outfor outevl outesr yrterm moterm daterm trgterra resterra actloc geog cractloc noactr
stainsys period syslev pc pcid viol iwc powdis gpinv powinv age territ regime durreg
allycap globmemb nuclear powsta issue chissu gravty pethin col unemp inflat foodpr labstr
short econdt regrep socunr massvl gvinst sourdt
""")

#: Crisis-level ``viol``.
VIOL = {1: "no violence", 2: "minor clashes", 3: "serious clashes", 4: "full-scale war"}
#: Actor-level ``nuclear``.
NUCLEAR = {1: "no nuclear capability", 2: "foreseeable nuclear capability",
           3: "possesses nuclear weapons", 4: "second-strike capability"}

#: Day codes of ``datrig`` outside 1-31 that the file uses (66, 77, 88): read as an unknown day.
DAY_UNKNOWN = frozenset({66, 77, 88})
#: ``trigent`` codes that are no COW state code (995-997: entities other than one
#: state); rule-coded uses keep only triggers that name a state in the system.
TRIGENT_NOT_STATE = frozenset({995, 996, 997})

ICB1_SCHEMA = Schema(
    name="ICB v14 crisis-level file (icb1)",
    header=ICB1_HEADER,
    columns=(
        Column("crisno", low=1, high=9_999),
        Column("crisname", text=True),
        Column("yrtrig", low=1918, high=2017),
        Column("viol", valid=frozenset(VIOL)),
    ),
    id_columns=("icb1", "crisno", "crisname"),
    allow_empty_records=True,
)

ICB2_SCHEMA = Schema(
    name="ICB v14 actor-level file (icb2)",
    header=ICB2_HEADER,
    columns=(
        Column("crisno", low=1, high=9_999),
        Column("cracno", low=1, high=9_999),
        Column("cracid", low=1, high=999),
        Column("actor", text=True),
        Column("crisname", text=True),
        Column("yrtrig", low=1918, high=2017),
        Column("motrig", low=1, high=12),
        Column("datrig", valid=frozenset(range(1, 32)) | DAY_UNKNOWN,
               missing={"": "not recorded"}),
        Column("trigent", low=1, high=999, missing={"": "not recorded"}),
        Column("trgterra", low=0, high=100_000, missing={"": "not recorded"}),
        Column("nuclear", valid=frozenset(NUCLEAR)),
    ),
    id_columns=("icb2", "crisno", "cracno", "cracid", "actor", "crisname"),
    allow_empty_records=True,
)


def read_icb1(path: str | Path) -> Table:
    """Read the ICB crisis-level file (one row per crisis)."""
    return read_table(path, ICB1_SCHEMA)


def read_icb2(path: str | Path) -> Table:
    """Read the ICB actor-level file (one row per crisis actor)."""
    return read_table(path, ICB2_SCHEMA)
