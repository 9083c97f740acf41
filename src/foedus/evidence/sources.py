"""Structured citations: every source the registry and the lenses cite, and how it was checked.

``verified`` says where the bibliographic details were confirmed (a copy of the
article's first page, the publisher's page, a catalogue record); ``unverified``
lists the parts that no retrieved copy showed (typically page ranges), which
are the standard citation but unconfirmed. ``locator`` is where the figure used
lies in the source (page, table), when known.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """One cited work."""

    key: str
    authors: str
    year: int
    title: str
    venue: str
    verified: str
    unverified: str = ""
    locator: str = ""

    def cite(self) -> str:
        """The short citation used in the registry: ``Authors YEAR. Title. Venue``."""
        return f"{self.authors} {self.year}. {self.title}. {self.venue}"


_SOURCES = (
    Source("FJL_2014", "Fang, S., J.C. Johnson & B.A. Leeds", 2014,
           "To Concede or to Resist? The Restraining Effect of Military Alliances",
           "International Organization 68(4): 775-809",
           "IDEAS / Cambridge abstract: allies both deter challengers and restrain their "
           "partners",
           unverified="pages; the restraint figure itself (the prior's size is assumed)"),
    Source("KUPERMAN_2005", "Kuperman, A.J.", 2005,
           "Suicidal rebellions and the moral hazard of humanitarian intervention",
           "Ethnopolitics 4(2): 149-173",
           "publisher's cover page (Taylor & Francis): title, author, journal, volume, issue, "
           "pages, DOI 10.1080/17449050500147267",
           unverified="pages; no figure is taken (the prior's size is assumed)"),
    Source("BENSON_2011", "Benson, B.V.", 2011,
           "Unpacking Alliances: Deterrent and Compellent Alliances and Their Relationship "
           "with Conflict, 1816-2000", "Journal of Politics 73(4): 1111-1127",
           "article's first page (studylib copy): title, author, abstract with +249 % and "
           "-18 %", unverified="volume, issue and pages", locator="abstract"),
    Source("BF_2018", "Berkemeier, M. & M. Fuhrmann", 2018,
           "Reassessing the fulfillment of alliance commitments in war",
           "Research & Politics 5(2)",
           "university repository record (April 2018) and DOAJ record (June 2018 issue)",
           unverified="volume and issue", locator="abstract: 50 % overall, 22 % 1945-2003, "
                                                  "defence pacts 41 %"),
    Source("FEARON_1995", "Fearon, J.D.", 1995, "Rationalist Explanations for War",
           "International Organization 49(3): 379-414",
           "bibliographic records giving volume 49, issue 3, pp. 379-414"),
    Source("FORTNA_2003", "Fortna, V.P.", 2003,
           "Scraps of Paper? Agreements and the Durability of Peace",
           "International Organization 57(2): 337-372", "RePEc/IDEAS record with pages"),
    Source("FORTNA_2004", "Fortna, V.P.", 2004,
           "Peace Time: Cease-Fire Agreements and the Durability of Peace",
           "Princeton University Press",
           "publisher's sample chapter 1 (the 'almost half' sentence)",
           locator="chapter 1"),
    Source("FORTNA_2004B", "Fortna, V.P.", 2004,
           "Does Peacekeeping Keep Peace? International Intervention and the Duration of "
           "Peace After Civil War", "International Studies Quarterly 48(2): 269-292",
           "article's first page: ISQ (2004) 48, 269-292", unverified="issue number"),
    Source("FS_2014", "Fuhrmann, M. & T.S. Sechser", 2014,
           "Signaling Alliance Commitments: Hand-Tying and Sunk Costs in Extended Nuclear "
           "Deterrence", "American Journal of Political Science 58(4): 919-935",
           "title, authors and abstract (studylib copy; replication archive entry)",
           unverified="volume, issue and pages", locator="abstract"),
    Source("JL_2011", "Johnson, J.C. & B.A. Leeds", 2011,
           "Defense Pacts: A Prescription for Peace?", "Foreign Policy Analysis 7(1): 45-65",
           "article's first page: FPA (2011) 7, 45-65; university record, issue 1",
           locator="abstract"),
    Source("LEEDS_2003", "Leeds, B.A.", 2003,
           "Alliance Reliability in Times of War: Explaining State Decisions to Violate "
           "Treaties", "International Organization 57(4): 801-827",
           "JSTOR cover page: vol. 57, no. 4 (Autumn 2003), pp. 801-827", locator="abstract"),
    Source("MP_1995", "McKelvey, R.D. & T.R. Palfrey", 1995,
           "Quantal Response Equilibria for Normal Form Games",
           "Games and Economic Behavior 10(1): 6-38", "CiteSeerX and zbMATH records"),
    Source("MID_2015", "Palmer, G., V. D'Orazio, M. Kenwick & M. Lane", 2015,
           "The MID4 dataset, 2002-2010: Procedures, coding rules and description",
           "Conflict Management and Peace Science 32(2): 222-242 (MID 4.01 computations)",
           "university publication record (vol. 32, issue 2, pp. 222-242); figures "
           "recomputed from MIDA_4.01.csv by `foedus baserates`",
           locator="MIDA 4.01 file: hostlev, fatality, maxdur"),
    Source("ICB_V14", "Brecher, M., J. Wilkenfeld, K. Beardsley, P. James & D. Quinn", 2021,
           "International Crisis Behavior Data, Version 14",
           "ICB Project (computations on crises with nuclear-armed adversaries, 1945-2017)",
           "authors from the ICB codebook (v12); figures recomputed from icb1v14/icb2v14 by "
           "`foedus baserates`", unverified="release year of v14",
           locator="icb1 viol, icb2 nuclear"),
    Source("POWELL_2006", "Powell, R.", 2006, "War as a Commitment Problem",
           "International Organization 60(1): 169-203",
           "publisher's article page and bibliographies giving 60(1): 169-203"),
    Source("REITER_2016", "Reiter, A.G.", 2016,
           "Fighting Over Peace: Spoilers, Peace Agreements, and the Strategic Use of "
           "Violence", "Palgrave Macmillan",
           "publisher's book page; chapter 3 abstract (65 of 301 agreements, 46 of 138 "
           "processes)", locator="chapter 3"),
    Source("RP_2021", "Reiter, D. & P. Poast", 2021,
           "The Truth About Tripwires: Why Small Force Deployments Do Not Deter Aggression",
           "Texas National Security Review 4(3): 33-53",
           "journal's article page: vol. 4, iss. 3, pp. 33-53"),
    Source("SIGNORINO_1999", "Signorino, C.S.", 1999,
           "Strategic Interaction and the Statistical Analysis of International Conflict",
           "American Political Science Review 93(2): 279-297",
           "publisher's page and catalogue record (June 1999)", unverified="pages"),
    Source("WALTER_1997", "Walter, B.F.", 1997, "The Critical Barrier to Civil War Settlement",
           "International Organization 51(3): 335-364",
           "JSTOR cover page: vol. 51, no. 3 (Summer 1997), pp. 335-364"),
    Source("SARKEES_2010", "Sarkees, M.R. & F.W. Wayman", 2010,
           "Resort to War: A Data Guide to Inter-State, Extra-State, Intra-State, and "
           "Non-State Wars, 1816-2007", "CQ Press (COW Inter-State War data v4.0)",
           "book's title page (CQ Press, 2010); durations recomputed from "
           "Inter-StateWarData_v4.0.csv", locator="war start and end dates"),
    Source("JERVIS_1985", "Jervis, R., R.N. Lebow & J.G. Stein", 1985,
           "Psychology and Deterrence", "Johns Hopkins University Press",
           "review in International Security 11(3)"),
    Source("SEED_ARTICLE", "Evans, M.", 2025, "What will security guarantees secure?",
           "Opinion article, Nieuwe Vredesbeweging, 3 November 2025",
           "the article as published (date from its address)"),
    Source("MEARSHEIMER_2014", "Mearsheimer, J.J.", 2014,
           "Why the Ukraine Crisis Is the West's Fault: The Liberal Delusions That Provoked "
           "Putin", "Foreign Affairs 93(5): 77-89",
           "HeinOnline citation page (93 Foreign Aff. 77) with subtitle",
           unverified="last page"),
    Source("CS_1990", "Christensen, T.J. & J. Snyder", 1990,
           "Chain Gangs and Passed Bucks: Predicting Alliance Patterns in Multipolarity",
           "International Organization 44(2): 137-168",
           "JSTOR record: vol. 44, no. 2 (Spring 1990), pp. 137-168"),
    Source("HR_1984", "Huth, P. & B. Russett", 1984,
           "What Makes Deterrence Work? Cases from 1900 to 1980",
           "World Politics 36(4): 496-526", "publisher's abstract page",
           unverified="volume, issue and pages"),
    Source("SCHELLING_1966", "Schelling, T.C.", 1966, "Arms and Influence",
           "Yale University Press", "JSTOR book page (1966, Yale University Press)"),
)

SOURCES: dict[str, Source] = {s.key: s for s in _SOURCES}


def by_citation(text: str) -> Source | None:
    """The source whose :meth:`Source.cite` equals ``text`` (None if none)."""
    for s in _SOURCES:
        if s.cite() == text:
            return s
    return None
