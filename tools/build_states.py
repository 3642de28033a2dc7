#!/usr/bin/env python3
"""Build `veille/actors/data/states.jsonl`, the knowledge base of states and territories.

    .venv/bin/python tools/build_states.py            # (re)write the file
    .venv/bin/python tools/build_states.py --check    # exit 1 if the file is out of date
    .venv/bin/python tools/build_states.py --phoenix  # list Phoenix aliases not used (curation)

Sources (all read-only; the output is deterministic for a given babel version):
- the ISO 3166-1 table below (alpha-2 -> alpha-3, 249 codes) plus Kosovo (XK -> "KOS") and four
  ISO 3166-3 historical states (SUN, YUG, CSK, DDR);
- babel 2.18 (CLDR 47, Unicode licence): English and French territory names, the first name of
  every list. Babel does not expose CLDR's "-alt-variant"/"-alt-short" names, so the sensible
  ones (Congo (DRC), Ivory Coast, Czech Republic, Swaziland, East Timor, Turkey, UK, ...) are
  written out by hand in CURATED below;
- ../shared/data/ngec/countries.csv (NGEC, MIT): English nationality words; the entries that are
  not demonyms of the row's country are moved to names or to the territory they belong to, or
  dropped (CSV_TOKENS);
- ../shared/data/phoenix/Phoenix.Countries.actors.txt (PETRARCH dictionary, MIT) was skimmed by
  hand for English aliases and major cities; it is not read when building (see --phoenix);
- hand-curated data in CURATED: extra names, all French demonyms, English demonyms missing from
  the CSV, capitals and a few cities often used in the news, in English and French.

Output rules: one JSON object per line, sorted by id; each list de-duplicated and sorted (by a
case- and accent-folded key), except `names`, whose first item stays the CLDR name; apostrophes
are written "'" (the mention matcher tries both). French
demonyms are lowercase adjectives in all four forms (written once as the masculine singular and
inflected by `fr_forms`). French names, capitals and cities with an accented capital letter also
get the unaccented spelling ("États-Unis" -> "Etats-Unis"), as newspapers often drop those accents.
English "A & B"/"St. X" CLDR names also get "A and B"/"Saint X". `valid_until` is exclusive (the
day the state ceased to exist), as `veille.actors.kb.Membership.active` reads it.

Ambiguities resolved (a demonym belongs to exactly one state):
- "congolais"/"Congolese" -> COD (DR Congo, far more in the news); COG gets none. "Congo" alone is
  the ISO/CLDR short name of COG and stays there, though English wire copy often means the DRC.
- "guinéen"/"Guinean" -> GIN; GNB is "bissau-guinéen", GNQ "équato-guinéen", PNG
  "papouan-néo-guinéen".
- "coréen"/"Korean" -> KOR; PRK is "nord-coréen"/"North Korean".
- "dominicain"/"Dominican" -> DOM; DMA is "dominiquais" (no English demonym left).
- "guyanais" -> GUF (French Guiana, its French demonym); GUY is "guyanien"/"Guyanese".
- "saint-martinois" -> MAF (French side); SXM gets none.
- "samoan"/"Samoan" -> WSM; ASM is "American Samoan" only.
- "soudanais"/"Sudanese" -> SDN; SSD is "sud-soudanais"/"South Sudanese".
- "allemand"/"German" -> DEU; DDR is "est-allemand"/"East German". "russe"/"Russian" -> RUS;
  SUN is "soviétique"/"Soviet". "serbe" -> SRB; YUG is "yougoslave".
- "irlandais"/"Irish" -> IRL; "nord-irlandais"/"Northern Irish" -> GBR.
- Dropped from the CSV: "US" (too ambiguous), "Kiwi(s)", "Afghani" (currency), "Malawis",
  "Dominicanos", "Channel Islander(s)" (JEY and GGY), "Bouvet Islanders" (uninhabited).
Capitals and cities left out as too ambiguous: Sucre (BOL; "sucre"), Victoria (SYC), Rio, Bo,
Kara, Canton (Guangzhou), Nice, Split, Valencia,
Hamilton (BMU), Douglas (IMN), Stanley (FLK), Jamestown (SHN), Saint-Denis (REU; also the
Paris suburb), Saint-Pierre (SPM), The Valley (AIA), George Town (CYM), Kingston (NFK; JAM has it).
Historical states share capitals with their successors (Moscow: SUN and RUS, Belgrade: YUG and
SRB, Prague: CSK and CZE); the resolver must use the validity dates.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "veille" / "actors" / "data" / "states.jsonl"
SHARED = ROOT.parent / "shared" / "data"
NGEC_CSV = SHARED / "ngec" / "countries.csv"
PHOENIX = SHARED / "phoenix" / "Phoenix.Countries.actors.txt"

# ISO 3166-1: alpha-2 -> alpha-3 (249 officially assigned codes).
ISO = dict(
    pair.split(":")
    for pair in """
AD:AND AE:ARE AF:AFG AG:ATG AI:AIA AL:ALB AM:ARM AO:AGO AQ:ATA AR:ARG AS:ASM AT:AUT AU:AUS
AW:ABW AX:ALA AZ:AZE BA:BIH BB:BRB BD:BGD BE:BEL BF:BFA BG:BGR BH:BHR BI:BDI BJ:BEN BL:BLM
BM:BMU BN:BRN BO:BOL BQ:BES BR:BRA BS:BHS BT:BTN BV:BVT BW:BWA BY:BLR BZ:BLZ CA:CAN CC:CCK
CD:COD CF:CAF CG:COG CH:CHE CI:CIV CK:COK CL:CHL CM:CMR CN:CHN CO:COL CR:CRI CU:CUB CV:CPV
CW:CUW CX:CXR CY:CYP CZ:CZE DE:DEU DJ:DJI DK:DNK DM:DMA DO:DOM DZ:DZA EC:ECU EE:EST EG:EGY
EH:ESH ER:ERI ES:ESP ET:ETH FI:FIN FJ:FJI FK:FLK FM:FSM FO:FRO FR:FRA GA:GAB GB:GBR GD:GRD
GE:GEO GF:GUF GG:GGY GH:GHA GI:GIB GL:GRL GM:GMB GN:GIN GP:GLP GQ:GNQ GR:GRC GS:SGS GT:GTM
GU:GUM GW:GNB GY:GUY HK:HKG HM:HMD HN:HND HR:HRV HT:HTI HU:HUN ID:IDN IE:IRL IL:ISR IM:IMN
IN:IND IO:IOT IQ:IRQ IR:IRN IS:ISL IT:ITA JE:JEY JM:JAM JO:JOR JP:JPN KE:KEN KG:KGZ KH:KHM
KI:KIR KM:COM KN:KNA KP:PRK KR:KOR KW:KWT KY:CYM KZ:KAZ LA:LAO LB:LBN LC:LCA LI:LIE LK:LKA
LR:LBR LS:LSO LT:LTU LU:LUX LV:LVA LY:LBY MA:MAR MC:MCO MD:MDA ME:MNE MF:MAF MG:MDG MH:MHL
MK:MKD ML:MLI MM:MMR MN:MNG MO:MAC MP:MNP MQ:MTQ MR:MRT MS:MSR MT:MLT MU:MUS MV:MDV MW:MWI
MX:MEX MY:MYS MZ:MOZ NA:NAM NC:NCL NE:NER NF:NFK NG:NGA NI:NIC NL:NLD NO:NOR NP:NPL NR:NRU
NU:NIU NZ:NZL OM:OMN PA:PAN PE:PER PF:PYF PG:PNG PH:PHL PK:PAK PL:POL PM:SPM PN:PCN PR:PRI
PS:PSE PT:PRT PW:PLW PY:PRY QA:QAT RE:REU RO:ROU RS:SRB RU:RUS RW:RWA SA:SAU SB:SLB SC:SYC
SD:SDN SE:SWE SG:SGP SH:SHN SI:SVN SJ:SJM SK:SVK SL:SLE SM:SMR SN:SEN SO:SOM SR:SUR SS:SSD
ST:STP SV:SLV SX:SXM SY:SYR SZ:SWZ TC:TCA TD:TCD TF:ATF TG:TGO TH:THA TJ:TJK TK:TKL TL:TLS
TM:TKM TN:TUN TO:TON TR:TUR TT:TTO TV:TUV TW:TWN TZ:TZA UA:UKR UG:UGA UM:UMI US:USA UY:URY
UZ:UZB VA:VAT VC:VCT VE:VEN VG:VGB VI:VIR VN:VNM VU:VUT WF:WLF WS:WSM YE:YEM YT:MYT ZA:ZAF
ZM:ZMB ZW:ZWE
""".split()
)
KOSOVO = ("XK", "KOS")  # no ISO code; CLDR "XK", NGEC "XKX", Phoenix "KSV"

# ISO 3166-3 historical states: valid_until is the day the state ceased to exist.
HISTORICAL = {
    "SUN": {
        "iso2": "SU", "valid_from": "1922-12-30", "valid_until": "1991-12-26",
        "en": ["Soviet Union", "USSR", "U.S.S.R.", "Union of Soviet Socialist Republics"],
        "fr": ["Union soviétique", "URSS", "Union des républiques socialistes soviétiques"],
        "den": ["Soviet", "Soviets"], "dfr": ["soviétique"], "cap": ["Moscow/Moscou"],
    },
    "YUG": {
        "iso2": "YU", "valid_from": "1918-12-01", "valid_until": "2003-02-04",
        "en": ["Yugoslavia", "Socialist Federal Republic of Yugoslavia", "SFRY",
               "Federal Republic of Yugoslavia"],
        "fr": ["Yougoslavie", "République fédérative socialiste de Yougoslavie",
               "République fédérale de Yougoslavie"],
        "den": ["Yugoslav", "Yugoslavs", "Yugoslavian", "Yugoslavians"], "dfr": ["yougoslave"],
        "cap": ["Belgrade"],
    },
    "CSK": {
        "iso2": "CS", "valid_from": "1918-10-28", "valid_until": "1993-01-01",
        "en": ["Czechoslovakia", "Czechoslovak Socialist Republic", "ČSSR",
               "Czech and Slovak Federative Republic"],
        "fr": ["Tchécoslovaquie", "République socialiste tchécoslovaque",
               "République fédérative tchèque et slovaque"],
        "den": ["Czechoslovak", "Czechoslovaks", "Czechoslovakian", "Czechoslovakians"],
        "dfr": ["tchécoslovaque"], "cap": ["Prague"],
    },
    "DDR": {
        "iso2": "DD", "valid_from": "1949-10-07", "valid_until": "1990-10-03",
        "en": ["East Germany", "German Democratic Republic", "GDR"],
        "fr": ["Allemagne de l'Est", "République démocratique allemande", "RDA"],
        "den": ["East German", "East Germans"], "dfr": ["est-allemand"],
        "cap": ["East Berlin/Berlin-Est"],
    },
}

# NGEC "Nationality" entries that are not demonyms of their row's country:
# token -> (code or None to drop, "names" | "den").
CSV_TOKENS: dict[str, tuple[str | None, str]] = {
    "Islamic Republic of Afghanistan": ("AFG", "names"), "Afghani": (None, ""),
    "Christmas Island": ("CXR", "names"), "Christmas Islander": ("CXR", "den"),
    "Christmas Islanders": ("CXR", "den"), "Keeling Islands": ("CCK", "names"),
    "Cocos [Keeling] Islands": (None, ""), "Cocos Islander": ("CCK", "den"),
    "Heard Island and McDonald Island": (None, ""), "Heard and McDonald Islander": (None, ""),
    "Norfolk Island": ("NFK", "names"), "Norfolk Islander": ("NFK", "den"),
    "Cabo Verde": ("CPV", "names"), "Cape Verde": ("CPV", "names"),
    "People's Republic of China": ("CHN", "names"),
    "Republic of the Congo": ("COG", "names"), "Congolese": ("COD", "den"),
    "Congo-Brazzaville": ("COG", "names"),
    "Cote d’Ivoire": ("CIV", "names"), "Ivory Coast": ("CIV", "names"),
    "Côte d’Ivoire": ("CIV", "names"), "Czech Republic": ("CZE", "names"),
    "DRC": ("COD", "names"), "DR Congo": ("COD", "names"), "Zaire": ("COD", "names"),
    "Faroe Islands": ("FRO", "names"), "Faroese": ("FRO", "den"),
    "Faroe Islander": ("FRO", "den"), "Greenland": ("GRL", "names"),
    "Greenlandic": ("GRL", "den"), "Greenlander": ("GRL", "den"),
    "Greenlanders": ("GRL", "den"), "Åland Islands": ("ALA", "names"),
    "Åland Islander": ("ALA", "den"), "French Guiana": ("GUF", "names"),
    "French Polynesia": ("PYF", "names"), "French Polynesian": ("PYF", "den"),
    "French Polynesians": ("PYF", "den"), "French Southern Territories": ("ATF", "names"),
    "Guadeloupe": ("GLP", "names"), "Guadeloupian": ("GLP", "den"),
    "Guadeloupians": ("GLP", "den"), "Martinique": ("MTQ", "names"),
    "Mayotte": ("MYT", "names"), "New Caledonia": ("NCL", "names"),
    "New Caledonian": ("NCL", "den"), "New Caledonians": ("NCL", "den"),
    "Réunion": ("REU", "names"), "Saint Barthélemy": ("BLM", "names"),
    "Saint Martin": ("MAF", "names"), "Saint Martin Islander": ("MAF", "den"),
    "Saint Martin Islanders": ("MAF", "den"), "Saint Pierre and Miquelon": ("SPM", "names"),
    "Wallis and Futuna": ("WLF", "names"), "Wallis and Futuna Islander": ("WLF", "den"),
    "Hong Kong": ("HKG", "names"), "Islamic Republic of Iran": ("IRN", "names"),
    "Lao People's Democratic Republic": ("LAO", "names"), "Macedonia": ("MKD", "names"),
    "FYROM": ("MKD", "names"), "Malawis": (None, ""), "Western Sahara": ("ESH", "names"),
    "Sahrawi": ("ESH", "den"), "Myanmar": ("MMR", "names"), "Aruba": ("ABW", "names"),
    "Aruban": ("ABW", "den"), "Arubans": ("ABW", "den"), "Bonaire": ("BES", "names"),
    "Sint Eustatius and Saba": (None, ""), "Curaçao": ("CUW", "names"),
    "Curacao": ("CUW", "names"), "Curaçaoan": ("CUW", "den"), "Curacaoan": ("CUW", "den"),
    "Sint Maarten": ("SXM", "names"), "Kiwi": (None, ""), "Kiwis": (None, ""),
    "Niue": ("NIU", "names"), "Niuean": ("NIU", "den"), "Tokelau": ("TKL", "names"),
    "Tokelauan": ("TKL", "den"), "Cook Islands": ("COK", "names"),
    "Cook Islander": ("COK", "den"), "DPRK": ("PRK", "names"),
    "Bouvet Island": ("BVT", "names"), "Bouvet Islanders": (None, ""),
    "Svalbard and Jan Mayen": ("SJM", "names"), "Svalbard": ("SJM", "names"),
    "Palestine": ("PSE", "names"), "Kittian and Nevisian": (None, ""),
    "São Tomé and Príncipe": ("STP", "names"), "Saudi Arabia": ("SAU", "names"),
    "Swaziland": ("SWZ", "names"), "Syrian Arab Republic": ("SYR", "names"),
    "Republic of China": ("TWN", "names"), "United Republic of Tanzania": ("TZA", "names"),
    "East Timor": ("TLS", "names"), "England": ("GBR", "names"), "UK": ("GBR", "names"),
    "U.K.": ("GBR", "names"), "Britain": ("GBR", "names"), "Scotland": ("GBR", "names"),
    "Wales": ("GBR", "names"), "Great Britain": ("GBR", "names"),
    "United Kingdom of Great Britain and Northern Ireland": ("GBR", "names"),
    "Anguilla": ("AIA", "names"), "Anguillian": ("AIA", "den"), "Anguillians": ("AIA", "den"),
    "Bermuda": ("BMU", "names"), "Bermudian": ("BMU", "den"), "Bermudians": ("BMU", "den"),
    "British Indian Ocean Territory": ("IOT", "names"), "Cayman Islands": ("CYM", "names"),
    "Cayman Islander": ("CYM", "den"), "Caymanians": ("CYM", "den"),
    "Caymanian": ("CYM", "den"), "Falkland Islands": ("FLK", "names"),
    "Falkland Islander": ("FLK", "den"), "Falkland Islanders": ("FLK", "den"),
    "Falklander": ("FLK", "den"), "Falklanders": ("FLK", "den"),
    "Falkland Islands (Malvinas)": ("FLK", "names"), "Islas Malvinas": ("FLK", "names"),
    "Gibraltar": ("GIB", "names"), "Gibraltarian": ("GIB", "den"),
    "Gibraltarians": ("GIB", "den"), "Guernsey": ("GGY", "names"),
    "Isle of Man": ("IMN", "names"), "Manx": ("IMN", "den"),
    "Channel Islander": (None, ""), "Channel Islanders": (None, ""),
    "Montserrat": ("MSR", "names"), "Montserratian": ("MSR", "den"),
    "Pitcairn Islands": ("PCN", "names"), "Pitcairn Islander": ("PCN", "den"),
    "Pitcairn Islanders": ("PCN", "den"), "Saint Helena": ("SHN", "names"),
    "Saint Helenian": ("SHN", "den"), "Saint Helenians": ("SHN", "den"),
    "South Georgia and the South Sandwich Islands": ("SGS", "names"),
    "Turks and Caicos Islands": ("TCA", "names"),
    "Turks and Caicos Islander": ("TCA", "den"), "British Virgin Islands": ("VGB", "names"),
    "British Virgin Island": (None, ""), "US": (None, ""), "U.S.": ("USA", "names"),
    "United States": ("USA", "names"), "American Samoa": ("ASM", "names"),
    "American Samoan": ("ASM", "den"), "American Samoans": ("ASM", "den"),
    "Guam": ("GUM", "names"), "Guamanian": ("GUM", "den"), "Guamanians": ("GUM", "den"),
    "Northern Mariana Islands": ("MNP", "names"), "Puerto Rico": ("PRI", "names"),
    "Puerto Rican": ("PRI", "den"), "Puerto Ricans": ("PRI", "den"),
    "United States Minor Outlying Islands": ("UMI", "names"),
    "Virgin Islands (U.S.)": ("VIR", "names"), "U.S. Virgin Islands": ("VIR", "names"),
    "US Virgin Islands": ("VIR", "names"), "Vatican City": ("VAT", "names"),
    "Dominicanos": (None, ""),
}

# Hand-curated data, one or more lines per code:  CODE | key: item; item | key: ...
#   en, fr    extra names                   den   English demonyms (adjective, plural noun)
#   dfr       French demonyms, masculine singular (inflected by fr_forms)
#   cap, cit  capitals, cities: "English/French", or one form when both are spelt alike;
#             "A+B" gives several spellings, an empty side gives none in that language.
CURATED = """
ABW | dfr: arubais | cap: Oranjestad
AFG | en: Islamic Emirate of Afghanistan | den: Afghan; Afghans
AFG | fr: République islamique d'Afghanistan; Émirat islamique d'Afghanistan | dfr: afghan
AFG | cap: Kabul/Kaboul | cit: Kandahar; Herat/Hérat; Mazar-i-Sharif/Mazar-e Charif; Jalalabad
AFG | cit: Kunduz
AGO | dfr: angolais | cap: Luanda | cit: Huambo; Lobito; Benguela; Cabinda
AIA | dfr: anguillais
ALA | dfr: ålandais | cap: Mariehamn
ALB | dfr: albanais | cap: Tirana | cit: Durrës; Vlorë
AND | dfr: andorran | cap: Andorra la Vella/Andorre-la-Vieille
ARE | en: UAE; U.A.E. | dfr: émirien; émirati | den: Emirati; Emiratis
ARE | cap: Abu Dhabi/Abou Dabi+Abou Dhabi | cit: Dubai/Dubaï; Sharjah/Charjah
ARG | en: Argentine Republic | fr: République argentine | dfr: argentin
ARG | den: Argentinian; Argentinians | cap: Buenos Aires | cit: Rosario; Mendoza; Ushuaïa
ARM | en: Republic of Armenia | fr: République d'Arménie | dfr: arménien
ARM | cap: Yerevan/Erevan+Yerevan | cit: Gyumri/Gumri
ASM | cap: Pago Pago
ATA | fr: Antarctique
ATF | en: French Southern and Antarctic Lands | fr: Terres australes et antarctiques françaises
ATF | fr: TAAF | cap: Port-aux-Français
ATG | dfr: antiguais | cap: Saint John's
AUS | en: Commonwealth of Australia | fr: Commonwealth d'Australie | dfr: australien
AUS | cap: Canberra | cit: Sydney; Melbourne; Brisbane; Perth; Adelaide/Adélaïde
AUT | en: Republic of Austria | fr: République d'Autriche | dfr: autrichien
AUT | cap: Vienna/Vienne | cit: Salzburg/Salzbourg; Innsbruck; Graz; Linz
AZE | en: Republic of Azerbaijan | fr: République d'Azerbaïdjan | dfr: azerbaïdjanais; azéri
AZE | cap: Baku/Bakou | cit: Ganja/Gandja
BDI | en: Republic of Burundi | fr: République du Burundi | dfr: burundais
BDI | cap: Gitega | cit: Bujumbura
BEL | en: Kingdom of Belgium | fr: Royaume de Belgique | dfr: belge
BEL | cap: Brussels/Bruxelles | cit: Antwerp/Anvers; Ghent/Gand; Liège; Charleroi
BEN | en: Republic of Benin | fr: République du Bénin | dfr: béninois
BEN | cap: Porto-Novo | cit: Cotonou; Parakou; Abomey
BES | en: Bonaire, Sint Eustatius and Saba | fr: Bonaire, Saint-Eustache et Saba
BES | cap: Kralendijk
BFA | en: Burkina; Upper Volta | fr: Burkina; Haute-Volta | dfr: burkinabè; burkinabé
BFA | den: Burkinabè; Burkinabes | cap: Ouagadougou | cit: Bobo-Dioulasso; Koudougou; Djibo
BFA | cit: Kaya; Fada N'Gourma; Dori
BGD | en: People's Republic of Bangladesh | fr: République populaire du Bangladesh
BGD | dfr: bangladais | den: Bangladeshi; Bangladeshis
BGD | cap: Dhaka/Dacca+Dhaka | cit: Chittagong; Sylhet; Khulna; Cox's Bazar
BGR | en: Republic of Bulgaria | fr: République de Bulgarie | dfr: bulgare
BGR | cap: Sofia | cit: Plovdiv; Varna
BHR | en: Kingdom of Bahrain | fr: Royaume de Bahreïn; Bahrein | dfr: bahreïni; bahreïnien
BHR | den: Bahraini; Bahrainis | cap: Manama
BHS | en: The Bahamas | dfr: bahaméen | den: Bahamians | cap: Nassau
BIH | en: Bosnia; Bosnia-Herzegovina; BiH | fr: Bosnie; Bosnie-et-Herzégovine
BIH | dfr: bosnien; bosniaque; herzégovinien | cap: Sarajevo
BIH | cit: Banja Luka; Mostar; Srebrenica; Tuzla
BLM | en: Saint-Barthélemy; St. Barth | fr: Saint-Barth | cap: Gustavia
BLR | en: Byelorussia; Belorussia; Republic of Belarus | fr: Bélarus; Belarus
BLR | fr: République du Bélarus | dfr: biélorusse; bélarusse | den: Belarusian; Belarusians
BLR | den: Belarussian; Byelorussian | cap: Minsk | cit: Gomel; Grodno; Vitebsk
BLZ | dfr: bélizien | cap: Belmopan | cit: Belize City
BMU | dfr: bermudien
BOL | en: Plurinational State of Bolivia | fr: État plurinational de Bolivie | dfr: bolivien
BOL | cap: La Paz | cit: Santa Cruz de la Sierra; Cochabamba; El Alto
BRA | en: Federative Republic of Brazil | fr: République fédérative du Brésil | dfr: brésilien
BRA | cap: Brasilia+Brasília/Brasilia | cit: Sao Paulo+São Paulo/São Paulo+Sao Paulo
BRA | cit: Rio de Janeiro; Belo Horizonte; Manaus; Recife
BRB | dfr: barbadien | den: Barbadian; Bajan | cap: Bridgetown
BRN | en: Brunei Darussalam | fr: Brunéi Darussalam; Brunéi | dfr: brunéien
BRN | cap: Bandar Seri Begawan
BTN | en: Kingdom of Bhutan | fr: Royaume du Bhoutan | dfr: bhoutanais | cap: Thimphu/Thimphou
BWA | en: Republic of Botswana | fr: République du Botswana | dfr: botswanais
BWA | den: Batswana; Botswanans | cap: Gaborone | cit: Francistown
CAF | en: Central African Rep. | fr: Centrafrique; RCA; République centrafricaine
CAF | dfr: centrafricain | cap: Bangui | cit: Bambari; Berbérati; Bria; Bouar
CAN | dfr: canadien | cap: Ottawa | cit: Toronto; Montreal/Montréal; Vancouver; Calgary
CAN | cit: Quebec City/Québec
CCK | en: Cocos Islands | fr: Îles Cocos (Keeling)
CHE | en: Swiss Confederation | fr: Confédération suisse; Confédération helvétique
CHE | dfr: suisse; helvétique | cap: Bern+Berne/Berne | cit: Geneva/Genève; Zurich
CHE | cit: Basel/Bâle; Lausanne; Davos
CHL | en: Republic of Chile | fr: République du Chili | dfr: chilien
CHL | cap: Santiago/Santiago+Santiago du Chili | cit: Valparaiso+Valparaíso/Valparaiso
CHL | cit: Antofagasta
CHN | en: PRC; Mainland China | fr: République populaire de Chine; Chine populaire
CHN | dfr: chinois | cap: Beijing/Pékin+Beijing
CHN | cit: Shanghai/Shanghai+Shanghaï; Guangzhou; Shenzhen; Wuhan
CHN | cit: Chongqing; Tianjin
CIV | en: Ivory Coast; Cote d'Ivoire; Republic of Côte d'Ivoire
CIV | fr: République de Côte d'Ivoire | dfr: ivoirien | cap: Yamoussoukro
CIV | cit: Abidjan; Bouake/Bouaké; Korhogo; Daloa
CMR | en: Republic of Cameroon | fr: République du Cameroun | dfr: camerounais
CMR | cap: Yaounde+Yaoundé/Yaoundé | cit: Douala; Garoua; Maroua; Bamenda
COD | en: Democratic Republic of the Congo; Democratic Republic of Congo; DRC; DR Congo
COD | en: Congo-Kinshasa; Congo (DRC); Zaire | fr: République démocratique du Congo; RDC
COD | fr: RD Congo; Congo (RDC); Zaïre | dfr: congolais | den: Congolese
COD | cap: Kinshasa | cit: Goma; Lubumbashi; Bukavu; Kisangani; Bunia
COG | en: Congo; Republic of the Congo; Republic of Congo; Congo-Brazzaville
COG | fr: Congo; République du Congo; Congo (République)
COG | cap: Brazzaville | cit: Pointe-Noire
COK | cap: Avarua
COL | en: Republic of Colombia | fr: République de Colombie | dfr: colombien
COL | cap: Bogota+Bogotá/Bogota | cit: Medellin+Medellín/Medellín; Cali; Barranquilla
COL | cit: Cartagena/Carthagène
COM | en: Union of the Comoros | fr: Union des Comores | dfr: comorien | den: Comorian
COM | den: Comorians | cap: Moroni | cit: Mutsamudu
CPV | en: Republic of Cabo Verde | fr: Cabo Verde | dfr: cap-verdien
CPV | den: Cape Verdean; Cape Verdeans | cap: Praia | cit: Mindelo
CRI | en: Republic of Costa Rica | fr: République du Costa Rica | dfr: costaricien
CRI | dfr: costaricain | cap: San José
CUB | en: Republic of Cuba | fr: République de Cuba | dfr: cubain
CUB | cap: Havana/La Havane | cit: Santiago de Cuba
CUW | cap: Willemstad
CXR | cap: Flying Fish Cove
CYM | fr: Îles Caïman | dfr: caïmanais
CYP | en: Republic of Cyprus | fr: République de Chypre | dfr: chypriote; cypriote
CYP | cap: Nicosia/Nicosie | cit: Limassol; Larnaca; Famagusta/Famagouste
CZE | en: Czech Republic | fr: République tchèque | dfr: tchèque
CZE | cap: Prague | cit: Brno; Ostrava
DEU | en: Federal Republic of Germany; FRG; West Germany | fr: République fédérale d'Allemagne
DEU | fr: RFA; Allemagne de l'Ouest | dfr: allemand; ouest-allemand
DEU | den: West German; West Germans | cap: Berlin
DEU | cit: Hamburg/Hambourg; Munich; Frankfurt/Francfort; Cologne; Bonn
DJI | en: Republic of Djibouti | fr: République de Djibouti | dfr: djiboutien
DJI | cap: Djibouti City/Djibouti-ville
DMA | en: Commonwealth of Dominica | fr: Commonwealth de la Dominique | dfr: dominiquais
DMA | cap: Roseau
DNK | en: Kingdom of Denmark | fr: Royaume du Danemark | dfr: danois
DNK | cap: Copenhagen/Copenhague | cit: Aarhus; Odense
DOM | dfr: dominicain | cap: Santo Domingo/Saint-Domingue
DOM | cit: Santiago de los Caballeros; Punta Cana
DZA | en: People's Democratic Republic of Algeria
DZA | fr: République algérienne démocratique et populaire | dfr: algérien
DZA | cap: Algiers/Alger | cit: Oran; Constantine; Annaba; Tamanrasset; Blida
ECU | en: Republic of Ecuador | fr: République de l'Équateur | dfr: équatorien
ECU | cap: Quito | cit: Guayaquil; Cuenca
EGY | en: Arab Republic of Egypt | fr: République arabe d'Égypte | dfr: égyptien
EGY | cap: Cairo/Le Caire | cit: Alexandria/Alexandrie; Giza/Gizeh; Port Said/Port-Saïd
EGY | cit: Luxor/Louxor; Aswan/Assouan; Sharm el-Sheikh/Charm el-Cheikh
ERI | en: State of Eritrea | fr: État d'Érythrée | dfr: érythréen | cap: Asmara
ERI | cit: Massawa/Massaoua; Assab
ESH | en: Sahrawi Arab Democratic Republic; SADR
ESH | fr: République arabe sahraouie démocratique; RASD | dfr: sahraoui
ESH | den: Sahrawis; Saharawi; Saharawis | cap: Laayoune/Laâyoune | cit: Dakhla
ESP | en: Kingdom of Spain | fr: Royaume d'Espagne | dfr: espagnol | cap: Madrid
ESP | cit: Barcelona/Barcelone; Seville/Séville; Bilbao; Ceuta; Melilla
EST | en: Republic of Estonia | fr: République d'Estonie | dfr: estonien
EST | cap: Tallinn | cit: Tartu; Narva
ETH | en: Federal Democratic Republic of Ethiopia
ETH | fr: République fédérale démocratique d'Éthiopie | dfr: éthiopien
ETH | cap: Addis Ababa/Addis-Abeba+Addis Abeba | cit: Mekelle/Mekele+Mekelle; Gondar
ETH | cit: Bahir Dar; Dire Dawa
FIN | en: Republic of Finland | fr: République de Finlande | dfr: finlandais
FIN | cap: Helsinki | cit: Tampere; Turku; Espoo
FJI | en: Republic of Fiji | fr: Îles Fidji; République des Fidji | dfr: fidjien | cap: Suva
FLK | en: Falklands; Falkland Islands (Islas Malvinas); Malvinas
FLK | fr: Malouines; Îles Falkland
FRA | en: French Republic | fr: République française | dfr: français
FRA | den: French; Frenchman; Frenchmen; Frenchwoman; Frenchwomen | cap: Paris
FRA | cit: Marseille+Marseilles/Marseille; Lyon; Toulouse; Lille; Strasbourg; Bordeaux
FRO | en: Faroes; Faeroe Islands | fr: Féroé | dfr: féroïen | cap: Tórshavn
FSM | en: Federated States of Micronesia | fr: États fédérés de Micronésie
FSM | dfr: micronésien | cap: Palikir
GAB | en: Gabonese Republic | fr: République gabonaise | dfr: gabonais
GAB | cap: Libreville | cit: Port-Gentil; Franceville
GBR | en: United Kingdom of Great Britain and Northern Ireland; Northern Ireland
GBR | fr: Royaume-Uni de Grande-Bretagne et d'Irlande du Nord; Grande-Bretagne; Angleterre
GBR | fr: Écosse; Pays de Galles; Irlande du Nord
GBR | dfr: britannique; anglais; écossais; gallois; nord-irlandais
GBR | den: Briton; Britons; Englishman; Englishmen; Scot; Scots; Northern Irish
GBR | cap: London/Londres | cit: Manchester; Birmingham; Edinburgh/Édimbourg; Glasgow
GBR | cit: Belfast; Liverpool
GEO | en: Republic of Georgia | dfr: géorgien | cap: Tbilisi/Tbilissi
GEO | cit: Batumi/Batoumi; Kutaisi/Koutaïssi; Sukhumi/Soukhoumi; Tskhinvali; Gori
GGY | en: Bailiwick of Guernsey | dfr: guernesiais | cap: Saint Peter Port/Saint-Pierre-Port
GHA | en: Republic of Ghana | fr: République du Ghana | dfr: ghanéen
GHA | cap: Accra | cit: Kumasi; Tamale
GIB | dfr: gibraltarien
GIN | en: Republic of Guinea; Guinea-Conakry | fr: République de Guinée; Guinée-Conakry
GIN | dfr: guinéen | cap: Conakry | cit: Kankan; Nzerekore/Nzérékoré; Kindia; Labé
GLP | dfr: guadeloupéen | den: Guadeloupean; Guadeloupeans | cap: Basse-Terre
GLP | cit: Pointe-à-Pitre
GMB | en: The Gambia; Republic of the Gambia | fr: République de Gambie | dfr: gambien
GMB | cap: Banjul | cit: Serekunda
GNB | en: Guinea Bissau; Republic of Guinea-Bissau | fr: Guinée Bissau
GNB | fr: République de Guinée-Bissau | dfr: bissau-guinéen
GNB | den: Bissau-Guinean; Bissau-Guineans | cap: Bissau
GNQ | en: Republic of Equatorial Guinea | fr: République de Guinée équatoriale
GNQ | dfr: équato-guinéen | den: Equatoguinean | cap: Malabo | cit: Bata
GRC | en: Hellenic Republic | fr: République hellénique | dfr: grec; hellénique
GRC | den: Hellenic | cap: Athens/Athènes | cit: Thessaloniki/Thessalonique
GRC | cit: Piraeus/Le Pirée; Patras; Heraklion/Héraklion
GRD | dfr: grenadien | den: Grenadians
GRL | fr: Groenland | dfr: groenlandais | cap: Nuuk
GTM | en: Republic of Guatemala | fr: République du Guatemala | dfr: guatémaltèque
GTM | cap: Guatemala City/Ciudad de Guatemala | cit: Quetzaltenango
GUF | fr: Guyane | dfr: guyanais | den: French Guianese | cap: Cayenne
GUF | cit: Kourou; Saint-Laurent-du-Maroni
GUM | cap: Hagatna+Hagåtña/Hagåtña
GUY | en: Co-operative Republic of Guyana | fr: République coopérative du Guyana
GUY | dfr: guyanien | den: Guyanese | cap: Georgetown
HKG | en: Hong Kong; Hong Kong SAR | fr: Hong Kong; Hongkong; RAS de Hong Kong
HKG | dfr: hongkongais | den: Hongkonger; Hongkongers
HMD | en: Heard Island and McDonald Islands | fr: Îles Heard-et-MacDonald
HND | en: Republic of Honduras | fr: République du Honduras | dfr: hondurien
HND | cap: Tegucigalpa | cit: San Pedro Sula
HRV | en: Republic of Croatia | fr: République de Croatie | dfr: croate
HRV | cap: Zagreb | cit: Dubrovnik; Rijeka; Osijek; Vukovar
HTI | en: Republic of Haiti | fr: Haiti; République d'Haïti | dfr: haïtien
HTI | cap: Port-au-Prince | cit: Cap-Haitien/Cap-Haïtien; Gonaives/Gonaïves
HUN | en: Hungary | fr: Hongrie | dfr: hongrois | cap: Budapest | cit: Debrecen; Szeged
IDN | en: Republic of Indonesia | fr: République d'Indonésie | dfr: indonésien
IDN | cap: Jakarta/Jakarta+Djakarta | cit: Surabaya/Surabaya+Surabaya; Bandung; Medan
IDN | cit: Makassar
IMN | fr: Île de Man | dfr: mannois
IND | en: Republic of India; Bharat | fr: République de l'Inde | dfr: indien
IND | cap: New Delhi | cit: Mumbai+Bombay/Bombay+Mumbai; Delhi; Kolkata+Calcutta/Calcutta
IND | cit: Chennai/Chennai+Madras; Bangalore+Bengaluru/Bangalore; Srinagar
IOT | en: Chagos Islands; Chagos Archipelago | fr: Archipel des Chagos; Chagos
IOT | cit: Diego Garcia
IRL | en: Republic of Ireland; Eire; Éire | fr: République d'Irlande; Éire | dfr: irlandais
IRL | den: Irishman; Irishmen | cap: Dublin | cit: Cork; Galway; Limerick
IRN | fr: République islamique d'Iran | dfr: iranien | cap: Tehran/Téhéran
IRN | cit: Isfahan/Ispahan; Mashhad/Machhad; Tabriz; Shiraz/Chiraz; Qom
IRQ | en: Republic of Iraq | fr: Iraq; République d'Irak | dfr: irakien; iraquien
IRQ | cap: Baghdad/Bagdad | cit: Mosul/Mossoul; Basra/Bassora; Erbil; Kirkuk/Kirkouk
IRQ | cit: Fallujah/Falloujah; Najaf/Nadjaf
ISL | en: Republic of Iceland | fr: République d'Islande | dfr: islandais
ISL | den: Icelandic | cap: Reykjavik
ISR | en: State of Israel | fr: État d'Israël | dfr: israélien | cap: Jerusalem/Jérusalem
ISR | cit: Tel Aviv; Haifa/Haïfa; Eilat; Beersheba/Beer-Sheva
ITA | en: Italian Republic | fr: République italienne | dfr: italien | cap: Rome
ITA | cit: Milan; Naples; Turin; Palermo/Palerme; Genoa/Gênes; Lampedusa
JAM | dfr: jamaïcain | cap: Kingston | cit: Montego Bay
JEY | en: Bailiwick of Jersey | dfr: jersiais | cap: Saint Helier/Saint-Hélier
JOR | en: Hashemite Kingdom of Jordan | fr: Royaume hachémite de Jordanie | dfr: jordanien
JOR | cap: Amman | cit: Aqaba; Zarqa; Irbid
JPN | dfr: japonais | cap: Tokyo | cit: Osaka; Kyoto; Yokohama; Hiroshima; Fukushima
KAZ | en: Republic of Kazakhstan | fr: République du Kazakhstan | dfr: kazakh; kazakhstanais
KAZ | den: Kazakhstanis | cap: Astana | cit: Almaty/Almaty+Alma-Ata; Shymkent/Chymkent
KAZ | cit: Baikonur/Baïkonour
KEN | en: Republic of Kenya | fr: République du Kenya | dfr: kényan; kenyan | den: Kenyans
KEN | cap: Nairobi | cit: Mombasa; Kisumu; Garissa; Nakuru
KGZ | en: Kyrgyz Republic; Kirghizia | fr: Kirghizistan; Kirghizie | dfr: kirghiz
KGZ | den: Kyrgyzstani; Kyrgyzstanis | cap: Bishkek/Bichkek | cit: Osh/Och
KHM | en: Kingdom of Cambodia | fr: Royaume du Cambodge | dfr: cambodgien
KHM | cap: Phnom Penh | cit: Siem Reap; Battambang; Sihanoukville
KIR | dfr: kiribatien | cap: Tarawa
KNA | en: Saint Christopher and Nevis | fr: Saint-Kitts-et-Nevis
KNA | dfr: kittitien; christophien | den: Kittitian; Kittitians; Kittian; Nevisian; Nevisians
KNA | cap: Basseterre
KOR | en: Republic of Korea; ROK | fr: République de Corée | dfr: sud-coréen; coréen
KOR | den: Korean; Koreans | cap: Seoul/Séoul | cit: Busan; Incheon; Daegu; Gwangju
KOS | en: Republic of Kosovo; Kosova | fr: République du Kosovo | dfr: kosovar
KOS | cap: Pristina+Prishtina/Pristina | cit: Prizren; Mitrovica
KWT | en: State of Kuwait | fr: État du Koweït | dfr: koweïtien
KWT | cap: Kuwait City/Koweït City
LAO | en: Lao PDR | fr: République démocratique populaire lao; RDP lao | dfr: laotien
LAO | cap: Vientiane | cit: Luang Prabang
LBN | en: Lebanese Republic | fr: République libanaise | dfr: libanais
LBN | cap: Beirut/Beyrouth | cit: Sidon/Saïda; Tyre/Tyr; Baalbek
LBR | en: Republic of Liberia | fr: République du Liberia | dfr: libérien | cap: Monrovia
LBY | en: State of Libya | fr: État de Libye | dfr: libyen | cap: Tripoli
LBY | cit: Benghazi; Misrata; Sirte/Syrte; Tobruk/Tobrouk; Derna
LCA | fr: Sainte-Lucie | dfr: saint-lucien | cap: Castries
LIE | en: Principality of Liechtenstein | fr: Principauté de Liechtenstein
LIE | dfr: liechtensteinois | cap: Vaduz
LKA | en: Democratic Socialist Republic of Sri Lanka
LKA | fr: République socialiste démocratique du Sri Lanka | dfr: sri-lankais; srilankais
LKA | cap: Colombo | cit: Kandy; Jaffna
LSO | en: Kingdom of Lesotho | fr: Royaume du Lesotho | dfr: lésothien
LSO | den: Basotho | cap: Maseru
LTU | en: Republic of Lithuania | fr: République de Lituanie | dfr: lituanien
LTU | cap: Vilnius | cit: Kaunas; Klaipeda/Klaipėda
LUX | en: Grand Duchy of Luxembourg | fr: Grand-Duché de Luxembourg | dfr: luxembourgeois
LUX | cap: Luxembourg City/Luxembourg-Ville
LVA | en: Republic of Latvia | fr: République de Lettonie | dfr: letton
LVA | cap: Riga | cit: Daugavpils
MAC | en: Macao; Macau; Macao SAR | fr: Macao; Macau; RAS de Macao | dfr: macanais
MAC | den: Macanese
MAF | en: Saint-Martin; Collectivity of Saint Martin | dfr: saint-martinois
MAF | cap: Marigot
MAR | en: Kingdom of Morocco | fr: Royaume du Maroc | dfr: marocain | cap: Rabat
MAR | cit: Casablanca; Marrakesh+Marrakech/Marrakech; Fez/Fès; Tangier/Tanger; Agadir
MCO | en: Principality of Monaco | fr: Principauté de Monaco | dfr: monégasque
MCO | cit: Monte Carlo/Monte-Carlo
MDA | en: Republic of Moldova; Moldavia | fr: Moldova; République de Moldavie | dfr: moldave
MDA | cap: Chisinau/Chisinau+Kichinev | cit: Tiraspol
MDG | en: Republic of Madagascar | fr: République de Madagascar | dfr: malgache
MDG | den: Madagascan; Madagascans | cap: Antananarivo/Antananarivo+Tananarive
MDG | cit: Toamasina/Toamasina+Tamatave; Mahajanga/Mahajanga+Majunga
MDV | en: Republic of Maldives | fr: République des Maldives | dfr: maldivien
MDV | den: Maldivian; Maldivians | cap: Malé
MEX | en: United Mexican States | fr: États-Unis du Mexique | dfr: mexicain
MEX | cap: Mexico City/Mexico | cit: Guadalajara; Monterrey; Tijuana
MEX | cit: Ciudad Juarez+Ciudad Juárez/Ciudad Juárez; Acapulco
MHL | en: Republic of the Marshall Islands | fr: République des Îles Marshall
MHL | dfr: marshallais | cap: Majuro
MKD | en: Republic of North Macedonia; Former Yugoslav Republic of Macedonia
MKD | fr: Macédoine; République de Macédoine du Nord; ARYM
MKD | fr: Ancienne République yougoslave de Macédoine | dfr: macédonien; nord-macédonien
MKD | den: North Macedonian; North Macedonians | cap: Skopje | cit: Ohrid
MLI | en: Republic of Mali | fr: République du Mali | dfr: malien | cap: Bamako
MLI | cit: Gao; Timbuktu/Tombouctou; Kidal; Mopti; Segou+Ségou/Ségou; Menaka+Ménaka/Ménaka
MLI | cit: Sikasso
MLT | en: Republic of Malta | fr: République de Malte | dfr: maltais
MLT | cap: Valletta/La Valette
MMR | en: Burma; Republic of the Union of Myanmar | fr: Myanmar; Birmanie | dfr: birman
MMR | cap: Naypyidaw+Nay Pyi Taw/Naypyidaw | cit: Yangon+Rangoon/Rangoun+Yangon; Mandalay
MNE | dfr: monténégrin | cap: Podgorica
MNG | dfr: mongol | cap: Ulaanbaatar+Ulan Bator/Oulan-Bator
MNP | cap: Saipan
MOZ | en: Republic of Mozambique | fr: République du Mozambique | dfr: mozambicain
MOZ | cap: Maputo | cit: Beira; Nampula; Pemba; Mocimboa da Praia/Mocímboa da Praia
MRT | en: Islamic Republic of Mauritania | fr: République islamique de Mauritanie
MRT | dfr: mauritanien | cap: Nouakchott | cit: Nouadhibou; Nema/Néma
MSR | dfr: montserratien
MTQ | dfr: martiniquais | den: Martinican; Martinicans | cap: Fort-de-France
MUS | en: Republic of Mauritius | fr: Île Maurice; République de Maurice | dfr: mauricien
MUS | den: Mauritians | cap: Port Louis/Port-Louis
MWI | en: Republic of Malawi | fr: République du Malawi | dfr: malawite; malawien
MWI | cap: Lilongwe | cit: Blantyre
MYS | dfr: malaisien | cap: Kuala Lumpur | cit: Putrajaya
MYT | dfr: mahorais | den: Mahoran; Mahorans | cap: Mamoudzou
NAM | en: Republic of Namibia | fr: République de Namibie | dfr: namibien
NAM | cap: Windhoek | cit: Walvis Bay
NCL | fr: Kanaky | dfr: néo-calédonien; calédonien | cap: Noumea+Nouméa/Nouméa
NER | en: Republic of Niger | fr: République du Niger | dfr: nigérien
NER | den: Nigerien; Nigeriens | cap: Niamey | cit: Agadez; Zinder; Maradi; Tahoua; Arlit
NER | cit: Diffa; Tillaberi+Tillabéri/Tillabéri
NGA | en: Federal Republic of Nigeria | fr: Nigéria; République fédérale du Nigeria
NGA | dfr: nigérian | cap: Abuja | cit: Lagos; Kano; Maiduguri; Port Harcourt; Ibadan
NIC | en: Republic of Nicaragua | fr: République du Nicaragua | dfr: nicaraguayen
NIC | cap: Managua
NIU | dfr: niuéen | cap: Alofi
NLD | en: Holland; Kingdom of the Netherlands | fr: Royaume des Pays-Bas
NLD | dfr: néerlandais; hollandais | den: Dutchman; Dutchmen; Netherlander; Netherlanders
NLD | cap: Amsterdam | cit: The Hague/La Haye; Rotterdam; Utrecht; Eindhoven
NOR | en: Kingdom of Norway | fr: Royaume de Norvège | dfr: norvégien | cap: Oslo
NOR | cit: Bergen; Trondheim; Stavanger
NPL | en: Federal Democratic Republic of Nepal | fr: République fédérale démocratique du Népal
NPL | dfr: népalais | den: Nepali; Nepalis | cap: Kathmandu/Katmandou | cit: Pokhara
NRU | en: Republic of Nauru | fr: République de Nauru | dfr: nauruan | cap: Yaren
NZL | en: Aotearoa | fr: Aotearoa | dfr: néo-zélandais | cap: Wellington
NZL | cit: Auckland; Christchurch
OMN | en: Sultanate of Oman | fr: Sultanat d'Oman | dfr: omanais | cap: Muscat/Mascate
OMN | cit: Salalah
PAK | en: Islamic Republic of Pakistan | fr: République islamique du Pakistan
PAK | dfr: pakistanais | cap: Islamabad | cit: Karachi; Lahore; Peshawar; Quetta; Rawalpindi
PAN | en: Republic of Panama | fr: République du Panama | dfr: panaméen
PAN | cap: Panama City/ | cit: Colon+Colón/Colón
PCN | dfr: pitcairnais | cap: Adamstown
PER | en: Republic of Peru | fr: République du Pérou | dfr: péruvien | cap: Lima
PER | cit: Arequipa; Cusco+Cuzco/Cuzco+Cusco
PHL | en: Republic of the Philippines | fr: République des Philippines | dfr: philippin
PHL | den: Filipina; Filipinas; Philippine | cap: Manila/Manille
PHL | cit: Quezon City; Davao; Cebu; Marawi; Zamboanga
PLW | en: Republic of Palau | fr: Palau; République des Palaos | dfr: palaois
PLW | cap: Ngerulmud | cit: Koror
PNG | en: Independent State of Papua New Guinea | dfr: papouan-néo-guinéen
PNG | cap: Port Moresby
POL | en: Republic of Poland | fr: République de Pologne | dfr: polonais
POL | den: Pole | cap: Warsaw/Varsovie | cit: Krakow+Kraków/Cracovie; Gdansk+Gdańsk/Gdansk
POL | cit: Wroclaw+Wrocław/Wroclaw; Lodz+Łódź/Lodz; Rzeszow+Rzeszów/Rzeszów
PRI | en: Commonwealth of Puerto Rico | fr: Porto Rico | dfr: portoricain | cap: San Juan
PRK | en: North Korea; Democratic People's Republic of Korea; D.P.R.K.
PRK | fr: République populaire démocratique de Corée; RPDC | dfr: nord-coréen
PRK | den: North Korean; North Koreans | cap: Pyongyang | cit: Kaesong; Yongbyon
PRT | en: Portuguese Republic | fr: République portugaise | dfr: portugais
PRT | cap: Lisbon/Lisbonne | cit: Porto; Coimbra; Faro
PRY | en: Republic of Paraguay | fr: République du Paraguay | dfr: paraguayen
PRY | cap: Asuncion+Asunción/Asuncion+Asunción | cit: Ciudad del Este
PSE | en: State of Palestine; Occupied Palestinian Territories; West Bank; Gaza Strip
PSE | fr: Palestine; État de Palestine; Cisjordanie; Bande de Gaza | dfr: palestinien
PSE | cap: Ramallah | cit: East Jerusalem/Jérusalem-Est; Gaza; Rafah; Khan Younis/Khan Younès
PSE | cit: Hebron/Hébron; Nablus/Naplouse; Jenin/Jénine
PYF | fr: Polynésie | dfr: polynésien | cap: Papeete/Papeete+Papeetē
QAT | en: State of Qatar | fr: État du Qatar | dfr: qatari; qatarien | cap: Doha
REU | en: Reunion; La Réunion; Reunion Island | fr: Île de la Réunion; Île de La Réunion
REU | dfr: réunionnais | den: Reunionese; Réunionese
ROU | dfr: roumain | cap: Bucharest/Bucarest | cit: Cluj-Napoca; Timisoara+Timișoara/Timisoara
ROU | cit: Constanta+Constanța/Constanta; Iasi+Iași/Iasi
RUS | en: Russian Federation | fr: Fédération de Russie | dfr: russe | cap: Moscow/Moscou
RUS | cit: Saint Petersburg+St. Petersburg/Saint-Pétersbourg; Yekaterinburg/Iekaterinbourg
RUS | cit: Novosibirsk; Kazan; Sochi/Sotchi; Vladivostok; Kaliningrad
RWA | en: Republic of Rwanda | fr: République du Rwanda | dfr: rwandais | cap: Kigali
RWA | cit: Gisenyi; Butare
SAU | en: Kingdom of Saudi Arabia; KSA | fr: Royaume d'Arabie saoudite; Arabie Saoudite
SAU | dfr: saoudien | cap: Riyadh/Riyad | cit: Jeddah/Djeddah; Mecca/La Mecque
SAU | cit: Medina/Médine; Dammam
SDN | en: Republic of the Sudan; Republic of Sudan | fr: République du Soudan | dfr: soudanais
SDN | cap: Khartoum | cit: Omdurman; Port Sudan/Port-Soudan; El Fasher/El-Fasher; Nyala
SDN | cit: Kassala
SEN | en: Republic of Senegal | fr: République du Sénégal | dfr: sénégalais | cap: Dakar
SEN | cit: Touba; Thies+Thiès/Thiès; Saint-Louis; Ziguinchor
SGP | en: Republic of Singapore | fr: République de Singapour | dfr: singapourien
SHN | en: Saint Helena, Ascension and Tristan da Cunha
SHN | fr: Sainte-Hélène, Ascension et Tristan da Cunha
SJM | fr: Svalbard | cap: Longyearbyen
SLB | fr: Îles Salomon; Salomon | dfr: salomonais | cap: Honiara
SLE | en: Republic of Sierra Leone | fr: République de Sierra Leone
SLE | dfr: sierra-léonais; sierraléonais | cap: Freetown | cit: Kenema
SLV | en: El Salvador; Republic of El Salvador | fr: El Salvador; République du Salvador
SLV | dfr: salvadorien | den: Salvadorean; Salvadoreans | cap: San Salvador
SMR | en: Republic of San Marino | fr: République de Saint-Marin | dfr: saint-marinais
SOM | en: Federal Republic of Somalia | fr: République fédérale de Somalie | dfr: somalien
SOM | den: Somalian; Somalians | cap: Mogadishu/Mogadiscio | cit: Kismayo; Baidoa; Hargeisa
SOM | cit: Bosaso; Garowe
SPM | dfr: saint-pierrais
SRB | en: Republic of Serbia | fr: République de Serbie | dfr: serbe | cap: Belgrade
SRB | cit: Novi Sad; Nis+Niš/Niš
SSD | en: Republic of South Sudan | fr: Sud-Soudan; République du Soudan du Sud
SSD | dfr: sud-soudanais | den: South Sudanese | cap: Juba | cit: Malakal; Bor; Wau; Bentiu
STP | en: Sao Tome and Principe | fr: São Tomé-et-Príncipe | dfr: santoméen
STP | den: Sao Tomeans | cap: Sao Tome+São Tomé/Sao Tomé+São Tomé
SUR | en: Republic of Suriname; Surinam | fr: Surinam; République du Suriname
SUR | dfr: surinamais | den: Surinamers; Surinamese | cap: Paramaribo
SVK | en: Slovak Republic | fr: République slovaque | dfr: slovaque | den: Slovakian
SVK | cap: Bratislava | cit: Kosice+Košice/Košice
SVN | en: Republic of Slovenia | fr: République de Slovénie | dfr: slovène
SVN | den: Slovenian; Slovenians | cap: Ljubljana | cit: Maribor
SWE | en: Kingdom of Sweden | fr: Royaume de Suède | dfr: suédois | cap: Stockholm
SWE | cit: Gothenburg/Göteborg; Malmo+Malmö/Malmö; Uppsala
SWZ | en: Kingdom of Eswatini | fr: Swaziland; Royaume d'Eswatini | dfr: swazi
SWZ | cap: Mbabane | cit: Manzini; Lobamba
SXM | fr: Sint Maarten | cap: Philipsburg
SYC | en: Republic of Seychelles | fr: République des Seychelles | dfr: seychellois
SYR | fr: République arabe syrienne | dfr: syrien | cap: Damascus/Damas
SYR | cit: Aleppo/Alep; Homs; Idlib; Raqqa; Deir ez-Zor; Latakia/Lattaquié
TCA | cap: Cockburn Town
TCD | en: Republic of Chad | fr: République du Tchad | dfr: tchadien
TCD | cap: N'Djamena+Ndjamena/N'Djamena+N'Djaména+Ndjamena
TCD | cit: Abeche+Abéché/Abéché; Moundou; Sarh; Faya-Largeau
TGO | en: Togolese Republic | fr: République togolaise | dfr: togolais
TGO | cap: Lome+Lomé/Lomé | cit: Sokode+Sokodé/Sokodé
THA | en: Kingdom of Thailand | fr: Royaume de Thaïlande | dfr: thaïlandais; thaï
THA | cap: Bangkok | cit: Chiang Mai; Phuket; Pattaya
TJK | en: Republic of Tajikistan | fr: République du Tadjikistan | dfr: tadjik
TJK | den: Tajikistani; Tajikistanis | cap: Dushanbe/Douchanbé | cit: Khujand/Khodjent
TKL | den: Tokelauans
TKM | dfr: turkmène | cap: Ashgabat/Achgabat
TLS | en: East Timor; Democratic Republic of Timor-Leste | fr: Timor-Leste; Timor-Oriental
TLS | fr: République démocratique du Timor oriental | dfr: est-timorais
TLS | den: East Timorese; Timorese | cap: Dili
TON | en: Kingdom of Tonga | fr: Royaume des Tonga | dfr: tongien | den: Tongans
TON | cap: Nuku'alofa
TTO | en: Trinidad; Republic of Trinidad and Tobago | fr: Trinidad-et-Tobago
TTO | dfr: trinidadien | den: Tobagonian; Tobagonians
TTO | cap: Port of Spain+Port-of-Spain/Port-d'Espagne
TUN | en: Tunisian Republic | fr: République tunisienne | dfr: tunisien | cap: Tunis
TUN | cit: Sfax; Sousse; Kairouan; Sidi Bouzid; Gabes+Gabès/Gabès
TUR | en: Turkey; Turkiye; Republic of Türkiye; Republic of Turkey | fr: Türkiye
TUR | fr: République de Turquie | dfr: turc | cap: Ankara | cit: Istanbul
TUR | cit: Izmir; Antalya; Gaziantep; Diyarbakir+Diyarbakır/Diyarbakir
TUV | dfr: tuvaluan | cap: Funafuti
TWN | en: Republic of China; Chinese Taipei | fr: Taiwan; République de Chine
TWN | dfr: taïwanais; taiwanais | cap: Taipei/Taipei+Taïpei | cit: Kaohsiung; Taichung
TZA | fr: République-Unie de Tanzanie | dfr: tanzanien | cap: Dodoma
TZA | cit: Dar es Salaam/Dar es Salaam+Dar es-Salaam; Zanzibar; Arusha; Mwanza
UGA | en: Republic of Uganda | fr: République de l'Ouganda | dfr: ougandais | cap: Kampala
UGA | cit: Entebbe; Gulu; Jinja
UKR | dfr: ukrainien | cap: Kyiv+Kiev/Kyiv+Kiev | cit: Kharkiv+Kharkov/Kharkiv+Kharkov
UKR | cit: Odesa+Odessa/Odessa; Lviv; Dnipro; Mariupol/Marioupol
UKR | cit: Zaporizhzhia/Zaporijjia; Kherson; Donetsk; Luhansk/Louhansk
UMI | en: United States Minor Outlying Islands
URY | en: Oriental Republic of Uruguay | fr: République orientale de l'Uruguay
URY | dfr: uruguayen | cap: Montevideo | cit: Punta del Este
USA | en: United States of America; USA; U.S.A.; US | fr: États-Unis d'Amérique; USA
USA | dfr: américain; états-unien; étatsunien | cap: Washington; Washington, D.C./
USA | cit: New York; Los Angeles; Chicago; Houston; San Francisco; Miami
UZB | en: Republic of Uzbekistan | fr: République d'Ouzbékistan | dfr: ouzbek
UZB | den: Uzbek; Uzbeks | cap: Tashkent/Tachkent | cit: Samarkand/Samarcande
UZB | cit: Bukhara/Boukhara
VAT | en: Vatican; Holy See; Vatican City State | fr: Vatican; Saint-Siège; Cité du Vatican
VAT | dfr: vatican
VCT | en: Saint Vincent and the Grenadines | fr: Saint-Vincent-et-les-Grenadines
VCT | fr: Saint-Vincent | dfr: vincentais | den: Vincentian; Vincentians
VCT | cap: Kingstown
VEN | en: Bolivarian Republic of Venezuela | fr: République bolivarienne du Venezuela
VEN | fr: Vénézuéla | dfr: vénézuélien | cap: Caracas | cit: Maracaibo; Maracay
VGB | cap: Road Town
VIR | en: US Virgin Islands; United States Virgin Islands | fr: Îles Vierges américaines
VIR | cap: Charlotte Amalie
VNM | en: Viet Nam; Socialist Republic of Vietnam | fr: Vietnam; Viêtnam; Viet Nam
VNM | fr: République socialiste du Viêt Nam | dfr: vietnamien | cap: Hanoi/Hanoï
VNM | cit: Ho Chi Minh City/Hô Chi Minh-Ville+Hô-Chi-Minh-Ville; Saigon/Saïgon
VNM | cit: Haiphong/Haïphong; Da Nang
VUT | en: Republic of Vanuatu | fr: République de Vanuatu | dfr: vanuatais
VUT | cap: Port Vila/Port-Vila
WLF | dfr: wallisien; futunien | cap: Mata-Utu
WSM | en: Independent State of Samoa | fr: État indépendant des Samoa | dfr: samoan
WSM | cap: Apia
YEM | en: Republic of Yemen | fr: République du Yémen | dfr: yéménite
YEM | cap: Sanaa+Sana'a/Sanaa | cit: Aden; Hodeidah/Hodeïda; Taiz/Taëz; Marib; Mukalla
ZAF | en: Republic of South Africa | fr: République d'Afrique du Sud | dfr: sud-africain
ZAF | cap: Pretoria | cit: Johannesburg; Cape Town/Le Cap; Durban; Soweto
ZAF | cit: Port Elizabeth; Gqeberha
ZMB | en: Republic of Zambia | fr: République de Zambie | dfr: zambien | cap: Lusaka
ZMB | cit: Ndola; Kitwe
ZWE | en: Republic of Zimbabwe | fr: République du Zimbabwe | dfr: zimbabwéen
ZWE | cap: Harare | cit: Bulawayo
"""

_KEYS = {"en", "fr", "den", "dfr", "cap", "cit"}
_FR_IRREGULAR = {  # masculine singular -> (feminine singular, masculine plural)
    "turc": ("turque", "turcs"),
    "grec": ("grecque", "grecs"),
    "ouzbek": ("ouzbèke", "ouzbeks"),
}
# Uppercase letters whose accent French newspapers commonly drop.
_ACCENTED_CAPS = str.maketrans("ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜ", "AAACEEEEIIOOUUU")
_EN_PLURAL = re.compile(r"(?:an|i|er|ar|ot|ite)$")


def fold(text: str) -> str:
    """Sort key: accents removed, case-folded (then the text itself, to stay total)."""
    bare = unicodedata.normalize("NFKD", text)
    return "".join(c for c in bare if not unicodedata.combining(c)).casefold()


def sort_unique(items, first: str = "") -> list[str]:
    """De-duplicated, sorted, with the typographic apostrophe written "'" (the matcher tries
    both); `first`, if given, stays in front as spelt."""
    rest = {i.strip().replace("’", "'") for i in items if i and i.strip()}
    rest.discard(first.replace("’", "'"))
    return ([first] if first else []) + sorted(rest, key=lambda t: (fold(t), t))


def fr_forms(masc: str) -> list[str]:
    """All four forms of a French demonym adjective, from its masculine singular."""
    if masc in _FR_IRREGULAR:
        fem, plural = _FR_IRREGULAR[masc]
    else:
        if masc.endswith("e"):  # russe, belge, britannique
            fem = masc
        elif masc.endswith(("en", "on")):
            fem = masc + "ne"  # malien -> malienne, libyen -> libyenne, letton -> lettonne
        else:  # malais, américain, afghan, burkinabè, qatari, kirghiz: add -e
            fem = masc + "e"
        plural = masc if masc.endswith(("s", "x", "z")) else masc + "s"
    return [masc, fem, plural, fem + "s"]


def en_plural(demonym: str) -> str | None:
    """The plural noun of an English demonym that takes one ("Malian" -> "Malians")."""
    if re.match(r"^(?:I|Ni)-", demonym) or demonym.endswith("man"):  # Frenchman -> Frenchmen
        return None
    if not _EN_PLURAL.search(demonym):
        return None
    return demonym + "s"


def parse_curated(text: str) -> dict[str, dict[str, list[str]]]:
    data: dict[str, dict[str, list[str]]] = {}
    for lineno, line in enumerate(text.strip().splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        code, *fields = (part.strip() for part in line.split(" | "))
        entry = data.setdefault(code, {})
        for f in fields:
            key, sep, value = f.partition(":")
            if not sep or key.strip() not in _KEYS:
                raise SystemExit(f"CURATED line {lineno}: bad field {f!r}")
            items = [v.strip() for v in value.split(";") if v.strip()]
            entry.setdefault(key.strip(), []).extend(items)
    return data


def split_places(items: list[str]) -> tuple[list[str], list[str]]:
    """"Moscow/Moscou", "Gao", "Mumbai+Bombay/Bombay+Mumbai", "Panama City/" -> en, fr lists."""
    en: list[str] = []
    fr: list[str] = []
    for item in items:
        left, sep, right = item.partition("/")
        right = right if sep else left
        en += [p for p in left.split("+") if p.strip()]
        fr += [p for p in right.split("+") if p.strip()]
    return en, fr


def en_name_variants(name: str) -> set[str]:
    """CLDR spells "Antigua & Barbuda", "St. Lucia": also give "and" and "Saint"."""
    spelt_out = name.replace(" & ", " and ")
    return {name, spelt_out, spelt_out.replace("St. ", "Saint ")}


def fr_ascii_caps(names: list[str]) -> list[str]:
    return names + [n.translate(_ACCENTED_CAPS) for n in names]


def read_ngec() -> dict[str, dict[str, list[str]]]:
    """NGEC nationality words, sorted into names/demonyms of the right code."""
    alpha3 = {**{a3: a2 for a2, a3 in ISO.items()}, "XKX": "XK"}
    out: dict[str, dict[str, list[str]]] = {}
    with NGEC_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["CCA3"].strip()
            if code not in alpha3:  # EU, UN and the *PRE separatist rows
                continue
            if code != "XKX" and ISO.get(row["CCA2"].strip()) != code:
                raise SystemExit(f"{NGEC_CSV.name}: {row['CCA2']} != {code}")
            own = KOSOVO[1] if code == "XKX" else code
            for token in (t.strip() for t in row["Nationality"].split(",")):
                if not token:
                    continue
                target, field = CSV_TOKENS.get(token, (own, "den"))
                if target is not None:
                    out.setdefault(target, {}).setdefault(field, []).append(token)
    return out


def build() -> list[dict]:
    from babel import Locale

    cldr = {"en": Locale("en").territories, "fr": Locale("fr").territories}
    curated = parse_curated(CURATED)
    ngec = read_ngec()
    codes = {**ISO, KOSOVO[0]: KOSOVO[1]}
    unknown = (set(curated) | set(ngec)) - set(codes.values())
    if unknown:
        raise SystemExit(f"unknown codes in curated data: {sorted(unknown)}")
    if len(ISO) != 249:
        raise SystemExit(f"ISO table has {len(ISO)} codes, expected 249")

    records = []
    for iso2, code in codes.items():
        cur, csvd = curated.get(code, {}), ngec.get(code, {})
        first = {lang: cldr[lang][iso2] for lang in ("en", "fr")}
        en_names = {v for n in [first["en"], *cur.get("en", []), *csvd.get("names", [])]
                    for v in en_name_variants(n)}
        fr_names = set(fr_ascii_caps([first["fr"], *cur.get("fr", [])]))
        den = [*csvd.get("den", []), *cur.get("den", [])]
        den += [p for d in den if (p := en_plural(d))]
        records.append(record(code, iso2, first, en_names, fr_names, den, cur))
    for code, h in HISTORICAL.items():
        first = {"en": h["en"][0], "fr": h["fr"][0]}
        cur = {"dfr": h["dfr"], "cap": h.get("cap", []), "cit": h.get("cit", [])}
        rec = record(code, h["iso2"], first, set(h["en"]), set(fr_ascii_caps(h["fr"])),
                     h["den"], cur)
        rec["valid_from"], rec["valid_until"] = h["valid_from"], h["valid_until"]
        records.append(rec)
    return sorted(records, key=lambda r: r["id"])


def record(code, iso2, first, en_names, fr_names, den, cur) -> dict:
    cap_en, cap_fr = split_places(cur.get("cap", []))
    cit_en, cit_fr = split_places(cur.get("cit", []))
    names = {"en": sort_unique(en_names, first["en"]), "fr": sort_unique(fr_names, first["fr"])}
    return {
        "id": code, "code": code, "kind": "state", "iso2": iso2,
        "names": names,
        "demonyms": {"en": sort_unique(den),
                     "fr": sort_unique(f for m in cur.get("dfr", []) for f in fr_forms(m))},
        "capitals": {"en": sort_unique(cap_en), "fr": sort_unique(fr_ascii_caps(cap_fr))},
        "cities": {"en": sort_unique(cit_en), "fr": sort_unique(fr_ascii_caps(cit_fr))},
        "valid_from": None, "valid_until": None,
    }


def render(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def phoenix_report(records: list[dict]) -> None:
    """Phoenix country-level synonyms absent from our English forms (for hand curation)."""
    known: dict[str, set[str]] = {}
    for r in records:
        forms = {t for k in ("names", "demonyms", "capitals", "cities") for t in r[k]["en"]}
        known[r["id"]] = {fold(t) for t in forms}
    code, head = None, re.compile(r"^([^\s+#][^\[#]*?)\s*\[([A-Z]{3})\]")
    for line in PHOENIX.read_text("utf-8", errors="replace").splitlines():
        if m := head.match(line):
            code = {"KSV": "KOS"}.get(m.group(2), m.group(2))
        elif line.startswith("+") and code in known:
            alias = line[1:].split("#")[0].strip().strip("_").replace("_", " ").title()
            if alias and fold(alias) not in known[code]:
                print(f"{code}\t{alias}")
        elif line and not line[0].isspace():
            code = None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    parser.add_argument("--phoenix", action="store_true", help="list unused Phoenix aliases")
    args = parser.parse_args(argv)
    records = build()
    if args.phoenix:
        phoenix_report(records)
        return 0
    text = render(records)
    if args.check:
        current = OUT.read_text("utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date: run tools/build_states.py", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(records)} states to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
