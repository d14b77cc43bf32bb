"""The Swedish words of minutes, in one place: a new spelling is one line here and one test.

Each table maps a written label (casefolded, single spaces) to what it means. The parser's
rules read these tables; they hold no spellings of their own.
"""

# Attendance sections: the label -> the group of the names after it.
#   network: members of the body (ledamöter, ersättare, the network's directors)
#   gr:      the body's own secretariat or office (for Socialchefsnätverket: GR)
#   guest:   everyone else present
#   absent:  named, but not present (förhinder, frånvarande, kallade = invited)
ATTENDANCE_LABELS: dict[str, str] = {
    # present, members
    "närvarande": "network",
    "närvarolista": "network",
    "närvarande ledamöter": "network",
    "närvarande medlemmar": "network",
    "deltagare": "network",
    "deltog": "network",
    "deltagande": "network",
    "ledamöter": "network",
    "ledamot": "network",
    "ordinarie ledamöter": "network",
    "beslutande": "network",
    "ande": "network",  # "Beslutande" cut by a PDF's column
    "ersättare": "network",
    "tjänstgörande ersättare": "network",
    "tjg ers": "network",
    "närvarande ersättare": "network",
    "närvarande, ej tjg ers": "network",
    "närvarande ej tjg ers": "network",
    "ej tjänstgörande ersättare": "network",
    "styrelsemedlemmar": "network",
    "styrelseledamöter": "network",
    "medlemmar": "network",
    "nätverket": "network",
    "nätverkets medlemmar": "network",
    "socialchefer": "network",
    "kommunerna": "network",
    # the body's own staff
    "från gr": "gr",
    "från göteborgsregionen": "gr",
    "göteborgsregionen": "gr",
    "gr": "gr",
    "fou i väst": "gr",
    "tjänstepersoner": "gr",
    "tjänstemän": "gr",
    "sekretariatet": "gr",
    "kansliet": "gr",
    # guests
    "övriga": "guest",
    "övrig": "guest",
    "övriga deltagare": "guest",
    "övriga deltagande": "guest",
    "övriga närvarande": "guest",
    "dessutom": "guest",
    "dessutom närvarande": "guest",
    "dessutom närvarade": "guest",
    "gäster": "guest",
    "gäst": "guest",
    "inbjudna": "guest",
    "inbjuden": "guest",
    "inbjudna gäster": "guest",
    "adjungerade": "guest",
    "adjungerad": "guest",
    "adjungerande": "guest",
    "föredragande": "guest",
    "medverkande": "guest",
    "externa": "guest",
    "övriga medlemmar": "guest",
    # not present
    "förhinder": "absent",
    "frånvarande": "absent",
    "förhindrade": "absent",
    "avbud": "absent",
    "anmält förhinder": "absent",
    "anmälda förhinder": "absent",
    "anmält frånvaro": "absent",
    "ej närvarande": "absent",
    "icke närvarande": "absent",
    "frånvaro": "absent",
    "kallade": "absent",
    "kallade men ej närvarande": "absent",
}

# "Närvarande"/"Deltagare": a list that may open a new day's attendance after items.
STRONG_ATTENDANCE_LABELS = frozenset({"närvarande", "närvarolista", "deltagare"})

# The words of a guest's role or organisation that make them the body's own staff.
STAFF_WORDS = frozenset(
    {
        "förbundschef", "förbundsdirektör", "sekreterare", "sekretariatet", "sekretariat",
        "samordnare", "ekonom", "kanslichef", "kansliet", "kansli", "nämndsekreterare",
        "planeringsledare", "processledare", "verksamhetsutvecklare",
    }
)  # fmt: skip

# Roles written beside a name with a capital letter: a role, not an organisation.
ROLE_WORDS = (
    "chef", "ledare", "sekreterare", "ordförande", "ordf", "direktör", "strateg", "utredare",
    "handläggare", "samordnare", "controller", "kassör", "ledamot", "suppleant", "revisor",
    "ersättare", "ekonom", "vice ordförande", "justerare", "justeringsman", "sammankallande",
)  # fmt: skip

# Sentences that state who was present, inside an item ("Följande personer befanns närvara och
# ha rösträtt:", "11 närvarande, varav …: nsg, kaj", "Dessutom närvarade map utan rösträtt").
PRESENCE_VERBS = r"närvara|närvarade|närvarande|deltog|deltar|närvarar"
WITHOUT_VOTE = r"utan rösträtt|ej rösträtt|utan att rösta"

# Who wrote the minutes.
RECORDER_LABELS = (
    "antecknat av", "antecknades av", "anteckningar fördes av", "anteckningarna fördes av",
    "anteckningar av", "anteckningarna av", "antecknare", "vid anteckningarna",
    "vid protokollet", "vid pennan", "sekreterare", "protokollförare", "mötessekreterare",
    "minnesanteckningar fördes av", "protokollet fördes av", "protokollet förs av",
    "sekreterare för mötet",
)  # fmt: skip
# "Bosse antecknade", "Peter skrev" at the end of the text
RECORDER_VERBS = ("antecknade", "skrev", "förde protokollet", "förde anteckningarna")
# "X väljs till mötessekreterare", "Mötet valde X till/som mötessekreterare"
ELECTED_RECORDER = r"mötessekreterare|sekreterare för mötet|protokollförare|sekreterare"

ADJUSTER_LABELS = (
    "justeras", "justerat av", "justerare", "justeringsperson", "justeringspersoner",
    "justerad av", "utses att justera", "protokolljusterare", "justeringsmän", "justeringsman",
)  # fmt: skip

# "Label: value" lines of the head of the minutes.
META_LABELS = {
    "datum": "date",
    "mötesdatum": "date",
    "sammanträdesdatum": "date",
    "dag": "date",
    "tid och plats": "time_place",
    "plats och tid": "time_place",
    "tid": "time",
    "start": "time",
    "plats": "place",
    "lokal": "place",
    "mötesplats": "place",
    "organ": "body",
    "paragrafer": "paragraphs",
    "antalet deltagare": "count",
    "antal deltagare": "count",
}

# Headings that are not agenda items: the minutes' own parts and the end matter.
NOT_ITEM_HEADINGS = (
    "bilaga", "bilagor", "appendix", "signaturer", "underskrifter", "underskrift",
    "justering", "justeringens tid och plats", "utdragsbestyrkande", "anslag/bevis", "anslag",
    "plats", "tid", "datum", "tid och plats", "plats och tid", "närvarande", "kallade",
    "frånvarande", "deltagare", "dagordning", "agenda", "föredragningslista", "innehåll",
    "protokoll", "mötesprotokoll", "minnesanteckningar", "anteckningar", "sammanfattning",
)  # fmt: skip

# A document's title: a first heading with one of these words is not an item.
TITLE_WORDS = (
    "protokoll", "mötesprotokoll", "minnesanteckning", "minnesanteckningar", "anteckningar",
    "sammanfattning", "styrelsemöte", "möte", "sammanträde", "nätverksträff",
)  # fmt: skip

# Decisions: a label, or a verb of deciding followed by "att".
DECISION_LABELS = {
    "beslut": "beslut",
    "ställningstagande": "ställningstagande",
    "inriktningsbeslut": "inriktningsbeslut",
}
DECISION_VERBS = (
    r"beslutar|beslutade|beslutades|beslöt|beslöts|besluta|beslutas|fattade beslut om|"
    r"fattar beslut om"
)

# Lines a document site wraps around a PDF's text.
WRAPPER_LINES = frozenset(
    {
        "save this pdf as:", "word png txt jpg", "storlek: px", "starta visningen från sidan:",
        "full text", "transkript", "transcript", "ladda ner", "dela", "skriv ut",
        "utdragsbestyrkande", "anslag/bevis",
    }
)  # fmt: skip

# Labels that start a new line when a text lost its line breaks.
LABELS_BREAKING_FLAT_TEXT = (
    "Närvarande", "Frånvarande", "Förhinder", "Ledamöter", "Ersättare", "Dessutom",
    "Övriga deltagare", "Övriga deltagande", "Beslutande", "Utses att justera", "Paragrafer",
    "Justeras", "Datum", "Plats och tid", "Tid och plats",
)  # fmt: skip

PARTIES = frozenset(
    {"S", "M", "C", "L", "KD", "V", "MP", "SD", "FP", "FI", "SPI", "DEM", "LPO", "NYD", "PP"}
)
