"""Presentation layer: every label the app shows, in French, Dutch and English, and the
formatting of numbers, hours, percentages, days and blocks for each language.

French is the default because most zones that will use the app first work in French; Dutch
is the other language every Belgian zone must be able to read. Terms follow
shared/DOMAIN.md. Nothing here imports Streamlit, so the texts are tested like any code.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

LANGS = ("fr", "nl", "en")
LANG_NAMES = {"fr": "Français", "nl": "Nederlands", "en": "English"}
DEFAULT_LANG = "fr"

# French groups thousands with a narrow no-break space and puts a no-break space before
# units and "%"; Belgian Dutch groups with a dot. No-break spaces keep "1 234,5 h" on one line.
NNBSP = "\u202f"
NBSP = "\u00a0"
MINUS = "\u2212"
_SEPARATORS = {"fr": (NNBSP, ","), "nl": (".", ","), "en": (",", ".")}
_HOUR_UNIT = {"fr": "h", "nl": "u", "en": "h"}

DAYS_SHORT = {
    "fr": ("lun", "mar", "mer", "jeu", "ven", "sam", "dim"),
    "nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
DAYS_LONG = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_EN_DAYS = DAYS_SHORT["en"]

# key -> (fr, nl, en). Placeholders use str.format names.
TEXT: dict[str, tuple[str, str, str]] = {
    # -- application and navigation --------------------------------------------------------
    "app_title": ("Planification de la capacité", "Capaciteitsplanning", "Capacity planning"),
    "app_subtitle": (
        "Fonctionnalités de base d'abord, puis les priorités du PZS",
        "Eerst de basisfunctionaliteiten, dan de prioriteiten van het ZVP",
        "Basic functionalities first, then the zonal security plan's priorities",
    ),
    "language": ("Langue", "Taal", "Language"),
    "page_plan": ("Plan de la semaine", "Weekplanning", "Week plan"),
    "page_adjust": ("Ajuster", "Bijsturen", "Adjust"),
    "page_compare": ("Comparer des scénarios", "Scenario's vergelijken", "Compare scenarios"),
    "page_data": ("Données de la zone", "Gegevens van de zone", "Zone data"),
    # -- zone, week and scenario pickers ---------------------------------------------------
    "zone": ("Zone de police", "Politiezone", "Police zone"),
    "zone_sample": ("exemple", "voorbeeld", "sample"),
    "zone_uploaded": ("importée", "geüpload", "uploaded"),
    "zone_session_copy": ("exemple, copie de cette session", "voorbeeld, kopie van deze sessie", "sample, this session's copy"),
    "zone_invalid": ("invalide", "ongeldig", "invalid"),
    "upload_label": (
        "Importer un dossier de zone (zip)",
        "Een zonemap uploaden (zip)",
        "Upload a zone folder (zip)",
    ),
    "upload_help": (
        "Un zip du dossier de la zone : zone.toml, staff.csv, priorities.toml… (voir docs/data-format.md). Limite {mb} Mo, {files} fichiers.",
        "Een zip van de zonemap: zone.toml, staff.csv, priorities.toml… (zie docs/data-format.md). Limiet {mb} MB, {files} bestanden.",
        "A zip of the zone folder: zone.toml, staff.csv, priorities.toml… (see docs/data-format.md). Limit {mb} MB, {files} files.",
    ),
    "week": ("Semaine ISO", "ISO-week", "ISO week"),
    "week_dated": ("données datées", "gedateerde gegevens", "dated inputs"),
    "scenario": ("Scénario", "Scenario", "Scenario"),
    "scenario_saved_here": ("enregistré dans cette session", "bewaard in deze sessie", "saved in this session"),
    # -- errors ----------------------------------------------------------------------------
    "errors_title": (
        "{n} problème(s) dans les données de la zone : rien n'est planifié.",
        "{n} probleem/problemen in de gegevens van de zone: er wordt niets gepland.",
        "{n} problem(s) in the zone's data: nothing is planned.",
    ),
    "errors_hint": (
        "Corrigez les fichiers indiqués et importez à nouveau le zip.",
        "Verbeter de vermelde bestanden en upload de zip opnieuw.",
        "Fix the files listed and upload the zip again.",
    ),
    "col_file": ("Fichier", "Bestand", "File"),
    "col_row": ("Ligne", "Rij", "Row"),
    "col_field": ("Champ", "Veld", "Field"),
    "col_value": ("Valeur trouvée", "Gevonden waarde", "Value found"),
    "col_expected": ("Attendu", "Verwacht", "Expected"),
    "unexpected_error": (
        "Une erreur inattendue s'est produite ({kind}). Elle est consignée dans le journal du serveur ; essayez une autre semaine ou un autre scénario, ou rechargez la page.",
        "Er is een onverwachte fout opgetreden ({kind}). Ze staat in het serverlogboek; probeer een andere week of een ander scenario, of herlaad de pagina.",
        "An unexpected error occurred ({kind}). It is logged on the server; try another week or scenario, or reload the page.",
    ),
    # -- solving ---------------------------------------------------------------------------
    "planning": ("Planification de {what}…", "Bezig met plannen van {what}…", "Planning {what}…"),
    "planning_elapsed": (
        "{s} s écoulées. Le calcul continue ; vous pouvez l'abandonner.",
        "{s} s verstreken. De berekening loopt; u kunt ze stopzetten.",
        "{s} s elapsed. Still solving; you may abandon it.",
    ),
    "abandon": ("Abandonner", "Stopzetten", "Abandon"),
    "abandoned": (
        "Planification abandonnée. Modifiez un paramètre ou relancez-la.",
        "Planning stopgezet. Wijzig een instelling of start ze opnieuw.",
        "Planning abandoned. Change a setting or start it again.",
    ),
    "plan_again": ("Relancer la planification", "Opnieuw plannen", "Plan again"),
    "queued": ("en attente : {pos} dans la file", "wachtend: {pos} in de rij", "waiting: {pos} in line"),
    "queued_help": (
        "Le serveur calcule au plus {n} plans à la fois ; le vôtre démarre dès qu'une place se libère.",
        "De server berekent hoogstens {n} planningen tegelijk; de uwe start zodra er een plaats vrijkomt.",
        "The server computes at most {n} plans at once; yours starts as soon as a place is free.",
    ),
    "plan_timeout": (
        "Le calcul a dépassé la limite de {s} s et a été arrêté. Réduisez la demande (moins de scénarios, un changement plus petit) ou relancez-le.",
        "De berekening overschreed de limiet van {s} s en werd gestopt. Beperk de vraag (minder scenario's, een kleinere wijziging) of start ze opnieuw.",
        "The computation went past the limit of {s} s and was stopped. Ask for less (fewer scenarios, a smaller change) or start it again.",
    ),
    "plan_failed": (
        "La planification a échoué : {reason}",
        "De planning is mislukt: {reason}",
        "Planning failed: {reason}",
    ),
    "planned_in": ("Planifié en {s} s", "Gepland in {s} s", "Planned in {s} s"),
    "from_cache": ("résultat déjà calculé", "resultaat al berekend", "result already computed"),
    "not_optimal": (
        "Le solveur s'est arrêté à sa limite de temps pour : {stages}. Le plan est valable mais peut-être pas le meilleur.",
        "De solver stopte op zijn tijdslimiet voor: {stages}. Het plan is geldig maar misschien niet het beste.",
        "The solver stopped at its time limit for: {stages}. The plan is valid but may not be the best.",
    ),
    # -- key figures -----------------------------------------------------------------------
    "kf_available": ("Disponible", "Beschikbaar", "Available"),
    "kf_capacity": ("Capacité pour les priorités", "Capaciteit voor de prioriteiten", "Capacity for priorities"),
    "kf_priority_hours": ("Heures d'opérations prioritaires", "Uren prioritaire acties", "Priority operation hours"),
    "kf_efficiency": ("Efficience de l'attribution", "Efficiëntie van de toewijzing", "Allocation efficiency"),
    "kf_legal_short": ("Déficit minimum légal", "Tekort wettelijk minimum", "Legal minimum shortfall"),
    "kf_zone_short": ("Déficit norme de la zone", "Tekort zonale norm", "Zone standard shortfall"),
    "kf_hycap": ("HyCap cette semaine", "HyCap deze week", "HyCap this week"),
    "kf_hycap_help": (
        "Ligne annuelle {line} : déjà utilisé {before}, cette semaine {week}, reste {left}.",
        "Jaarlijkse lijn {line}: al gebruikt {before}, deze week {week}, resterend {left}.",
        "Yearly line {line}: used before {before}, this week {week}, remaining {left}.",
    ),
    "kf_pinned": ("Opérations fixées placées", "Vastgelegde acties geplaatst", "Pinned operations placed"),
    "kf_unallocated": ("Non attribué", "Niet toegewezen", "Unallocated"),
    # -- the plan's status: every kind of shortfall (planner.results.plan_status) ---------
    "status_all_met": (
        "Tout est couvert : minimum légal et norme de la zone des sept fonctionnalités de base, HyCap et autres engagements, opérations fixées, planchers des priorités.",
        "Alles is gedekt: wettelijk minimum en zonale norm van de zeven basisfunctionaliteiten, HyCap en andere engagementen, vastgelegde acties, bodems van de prioriteiten.",
        "Everything is covered: legal minimum and zone standard of the seven basic functionalities, HyCap and other commitments, pinned operations, priority floors.",
    ),
    "status_short_title": ("Manques dans ce plan :", "Tekorten in dit plan:", "Shortfalls in this plan:"),
    "status_line": ("{kind} : {h} manquent — {what} — {where}", "{kind}: {h} tekort — {what} — {where}",
                    "{kind}: {h} short — {what} — {where}"),
    "status_more_blocks": ("+{n} autres blocs", "+{n} andere blokken", "+{n} more blocks"),
    "status_kind_legal": ("Minimum légal", "Wettelijk minimum", "Legal minimum"),
    "status_kind_zone": ("Norme de la zone", "Zonale norm", "Zone standard"),
    "status_kind_hycap": ("HyCap", "HyCap", "HyCap"),
    "status_kind_commitment": ("Autres engagements", "Andere engagementen", "Other commitments"),
    "status_kind_pinned": ("Opérations fixées", "Vastgelegde acties", "Pinned operations"),
    "status_kind_floor": ("Planchers des priorités", "Bodems van de prioriteiten", "Priority floors"),
    "status_overall": ("Statut du plan", "Status van het plan", "Plan status"),
    "status_kinds_short": ("⚠ {n} type(s) de manque", "⚠ {n} soort(en) tekort", "⚠ {n} kind(s) of shortfall"),
    "hycap_above_line": (
        "Les demandes HyCap dépassent la ligne annuelle de {over}.",
        "De HyCap-aanvragen overschrijden de jaarlijkse lijn met {over}.",
        "HyCap requests exceed the yearly line by {over}.",
    ),
    "note_no_dated_inputs": (
        "Pas de données datées pour {week} : roulements seuls, sans absences ni demandes.",
        "Geen gedateerde gegevens voor {week}: alleen de roosters, zonder afwezigheden of aanvragen.",
        "No dated inputs for {week}: shift patterns only, no absences, no requests.",
    ),
    # -- sections of the week plan ---------------------------------------------------------
    "sec_waterfall": ("Cascade de la capacité", "Capaciteitswaterval", "Capacity waterfall"),
    "sec_waterfall_help": (
        "Des heures contractuelles à ce qui reste pour les priorités, en heures-personnes.",
        "Van de contracturen tot wat overblijft voor de prioriteiten, in persoonsuren.",
        "From contract hours to what is left for the priorities, in person-hours.",
    ),
    "sec_norms": ("Fonctionnalités de base : normes", "Basisfunctionaliteiten: normen", "Basic functionalities: norms"),
    "sec_priorities": ("Heures par priorité", "Uren per prioriteit", "Hours per priority"),
    "sec_why": ("Pourquoi ce plan ?", "Waarom dit plan?", "Why this plan?"),
    "sec_why_help": (
        "Chaque raison est vérifiée par le modèle : on relâche une contrainte, on replanifie et on garde la raison seulement si la priorité reçoit alors plus d'heures.",
        "Elke reden is door het model nagegaan: één beperking versoepelen, opnieuw plannen, en de reden enkel houden als de prioriteit dan meer uren krijgt.",
        "Every reason is checked by the model: relax one constraint, plan again, and keep the reason only when the priority then gets more hours.",
    ),
    "why_button": ("Expliquer ce plan", "Dit plan uitleggen", "Explain this plan"),
    "why_running": ("les raisons de ce plan", "de redenen van dit plan", "the reasons for this plan"),
    "why_priorities": ("Pourquoi chaque priorité a ses heures", "Waarom elke prioriteit haar uren krijgt", "Why each priority got its hours"),
    "why_shortfalls": ("Manques et réparations possibles", "Tekorten en mogelijke oplossingen", "Shortfalls and possible repairs"),
    "why_no_shortfall": ("Aucun manque : toutes les normes et demandes sont couvertes.", "Geen tekorten: alle normen en aanvragen zijn gedekt.", "No shortfall: every norm and request is covered."),
    "why_price": ("Prix d'un policier de plus", "Prijs van één politieman meer", "Price of one more officer"),
    "why_price_help": (
        "Ce qu'un policier de plus, dans ce bloc et avec ces qualifications, ajouterait (vérifié en replanifiant).",
        "Wat één politieman meer, in dit blok en met deze kwalificaties, zou opleveren (nagegaan door opnieuw te plannen).",
        "What one more officer, in this block and with these qualifications, would add (checked by planning again).",
    ),
    "why_tradeoffs": ("Arbitrages entre priorités", "Afwegingen tussen prioriteiten", "Trade-offs between priorities"),
    "why_repairs": ("Réparations, de la meilleure à la moins bonne", "Oplossingen, van best naar minst goed", "Repairs, best first"),
    "why_fr_only": (
        "Les explications sont rédigées en français et en néerlandais.",
        "De uitleg is in het Frans en het Nederlands geschreven.",
        "The explanations are written in French and Dutch; French is shown.",
    ),
    "sec_priorities_help": (
        "Heures planifiées comparées à la part que donnerait le poids seul.",
        "Geplande uren tegenover het aandeel volgens het gewicht alleen.",
        "Planned hours against the share the weight alone would give.",
    ),
    "sec_grid": ("Grille de la semaine", "Weekrooster", "Week grid"),
    "sec_grid_help": (
        "Policiers engagés par bloc (jours × blocs) pour les activités choisies.",
        "Ingezette politiemensen per blok (dagen × blokken) voor de gekozen activiteiten.",
        "Officers at work per block (days × blocks) for the chosen activities.",
    ),
    "grid_filter": ("Activités", "Activiteiten", "Activities"),
    "grid_view": ("Vue", "Weergave", "View"),
    "grid_heatmap": ("Carte de chaleur", "Heatmap", "Heat map"),
    "grid_bars": ("Barres empilées", "Gestapelde staven", "Stacked bars"),
    "grid_empty": ("Aucune activité choisie.", "Geen activiteit gekozen.", "No activity chosen."),
    "sec_operations": ("Opérations prioritaires", "Prioritaire acties", "Priority operations"),
    "sec_operations_help": (
        "⚑ = opération fixée à l'avance (pinned.csv ou ajustement).",
        "⚑ = vooraf vastgelegde actie (pinned.csv of bijsturing).",
        "⚑ = operation pinned in advance (pinned.csv or adjustment).",
    ),
    "ops_filter_priority": ("Priorité", "Prioriteit", "Priority"),
    "ops_only_pinned": ("Seulement les opérations fixées", "Alleen vastgelegde acties", "Pinned operations only"),
    "sec_commitments": ("HyCap et autres engagements", "HyCap en andere engagementen", "HyCap and other commitments"),
    "sec_downloads": ("Exports", "Exports", "Exports"),
    "sec_downloads_help": (
        "plan.csv est l'export pour l'outil de roulement (même format que la ligne de commande). La variante Excel utilise le point-virgule, la virgule décimale et un BOM.",
        "plan.csv is de export voor de roostertool (zelfde formaat als de opdrachtregel). De Excel-variant gebruikt puntkomma, decimale komma en een BOM.",
        "plan.csv is the export for the scheduling tool (same format as the command line). The Excel variant uses semicolons, decimal commas and a BOM.",
    ),
    "download_csv": ("{name}", "{name}", "{name}"),
    "download_excel": ("{name} (Excel)", "{name} (Excel)", "{name} (Excel)"),
    # -- table columns ---------------------------------------------------------------------
    "col_functionality": ("Fonctionnalité", "Functionaliteit", "Functionality"),
    "col_level": ("Niveau", "Niveau", "Level"),
    "col_unit": ("Unité de la norme", "Eenheid van de norm", "Norm unit"),
    "col_required": ("Requis", "Vereist", "Required"),
    "col_planned": ("Planifié", "Gepland", "Planned"),
    "col_shortfall": ("Déficit", "Tekort", "Shortfall"),
    "col_status": ("Statut", "Status", "Status"),
    "col_where": ("Où", "Waar", "Where"),
    "col_legal": ("Minimum légal", "Wettelijk minimum", "Legal minimum"),
    "col_zone": ("Norme de la zone", "Zonale norm", "Zone standard"),
    "col_priority": ("Priorité", "Prioriteit", "Priority"),
    "col_weight": ("Poids", "Gewicht", "Weight"),
    "col_weight_share": ("Part selon le poids", "Aandeel volgens gewicht", "Share by weight"),
    "col_hours": ("Heures", "Uren", "Hours"),
    "col_share": ("Part des heures", "Aandeel van de uren", "Share of hours"),
    "col_floor": ("Plancher", "Bodem", "Floor"),
    "col_cap": ("Plafond", "Plafond", "Cap"),
    "col_operations": ("Opérations", "Acties", "Operations"),
    "col_day": ("Jour", "Dag", "Day"),
    "col_time": ("Heure", "Uur", "Time"),
    "col_block": ("Bloc", "Blok", "Block"),
    "col_basic_missions": ("Missions de base", "Basisopdrachten", "Basic missions"),
    "col_staff": ("Personnel", "Personeel", "Staff"),
    "col_operation": ("Opération", "Actie", "Operation"),
    "col_crews": ("Équipes", "Ploegen", "Crews"),
    "col_crew": ("Policiers par équipe", "Politiemensen per ploeg", "Officers per crew"),
    "col_officers": ("Policiers", "Politiemensen", "Officers"),
    "col_person_hours": ("Heures-personnes", "Persoonsuren", "Person-hours"),
    "col_qualification": ("Qualification", "Kwalificatie", "Qualification"),
    "col_pinned": ("Fixée", "Vastgelegd", "Pinned"),
    "col_note": ("Note", "Opmerking", "Note"),
    "col_activity": ("Activité", "Activiteit", "Activity"),
    "col_type": ("Type", "Type", "Type"),
    "col_label": ("Libellé", "Omschrijving", "Label"),
    "col_start": ("Début", "Begin", "Start"),
    "col_end": ("Fin", "Einde", "End"),
    "col_requested": ("Demandés", "Gevraagd", "Requested"),
    "col_step": ("Étape", "Stap", "Step"),
    "col_measure": ("Mesure", "Maatstaf", "Measure"),
    "col_figure": ("Chiffre", "Kengetal", "Figure"),
    "col_scenario": ("Scénario", "Scenario", "Scenario"),
    "col_difference": ("Écart", "Verschil", "Difference"),
    "col_difference_pct": ("Écart %", "Verschil %", "Difference %"),
    "col_setting": ("Paramètre", "Instelling", "Setting"),
    "col_setting_value": ("Valeur", "Waarde", "Value"),
    "col_count": ("Nombre", "Aantal", "Count"),
    "measure_planned": ("Heures planifiées", "Geplande uren", "Planned hours"),
    "measure_by_weight": ("Heures selon le poids", "Uren volgens gewicht", "Hours by weight"),
    "level_legal": ("Minimum légal", "Wettelijk minimum", "Legal minimum"),
    "level_zone": ("Norme de la zone", "Zonale norm", "Zone standard"),
    "status_met": ("✓ atteint", "✓ gehaald", "✓ met"),
    "status_short": ("⚠ déficit {h}", "⚠ tekort {h}", "⚠ short {h}"),
    "where_week": ("sur la semaine", "over de week", "over the week"),
    "no_cap": ("aucun", "geen", "none"),
        "no_operations": ("Aucune opération prioritaire planifiée.", "Geen prioritaire acties gepland.", "No priority operations planned."),
    "no_commitments": ("Aucune demande HyCap ni autre engagement cette semaine.", "Geen HyCap-aanvragen of andere engagementen deze week.", "No HyCap request or other commitment this week."),
    "covered": ("✓ couvert", "✓ gedekt", "✓ covered"),
    # -- adjust ----------------------------------------------------------------------------
    "adjust_intro": (
        "Partez d'un scénario, modifiez-le : le plan est recalculé à chaque changement et comparé au scénario de départ.",
        "Vertrek van een scenario en pas het aan: het plan wordt bij elke wijziging herberekend en vergeleken met het vertrekscenario.",
        "Start from a scenario and change it: the plan is recomputed at every change and compared with the starting scenario.",
    ),
    "adj_weights": ("Poids des priorités", "Gewicht van de prioriteiten", "Priority weights"),
    "adj_floors_caps": ("Planchers et plafonds (heures-personnes)", "Bodems en plafonds (persoonsuren)", "Floors and caps (person-hours)"),
    "adj_floor_of": ("Plancher {p}", "Bodem {p}", "Floor {p}"),
    "adj_cap_of": ("Plafond {p} (vide : aucun)", "Plafond {p} (leeg: geen)", "Cap {p} (empty: none)"),
    "adj_capacity": ("Capacité", "Capaciteit", "Capacity"),
    "adj_absence_rate": ("Absences supplémentaires (% des policiers opérationnels, toute la semaine)", "Extra afwezigheden (% van de operationele politiemensen, hele week)", "Extra absences (% of operational officers, whole week)"),
    "adj_staff_change": ("Policiers en plus ou en moins par service", "Meer of minder politiemensen per dienst", "More or fewer officers per unit"),
    "adj_staff_of": ("Service {u} ({n} aujourd'hui)", "Dienst {u} (nu {n})", "Unit {u} ({n} now)"),
    "adj_hycap": ("Demande HyCap supplémentaire", "Extra HyCap-aanvraag", "Extra HyCap request"),
    "adj_hycap_on": ("Ajouter une demande", "Een aanvraag toevoegen", "Add a request"),
    "adj_hycap_day": ("Jour", "Dag", "Day"),
    "adj_hycap_start": ("De", "Van", "From"),
    "adj_hycap_end": ("À", "Tot", "To"),
    "adj_hycap_officers": ("Policiers", "Politiemensen", "Officers"),
    "adj_hycap_label": ("Motif", "Reden", "Reason"),
    "adj_hycap_default_label": ("Demande HyCap", "HyCap-aanvraag", "HyCap request"),
    "adj_pinned": ("Opérations fixées", "Vastgelegde acties", "Pinned operations"),
    "adj_pinned_help": (
        "Une ligne par équipe à placer d'office. Début = début d'un bloc de la semaine.",
        "Eén rij per ploeg die zeker geplaatst wordt. Begin = begin van een blok van de week.",
        "One row per crew placed for sure. Start = start of a block of the week.",
    ),
    "adj_base": ("Scénario de départ", "Vertrekscenario", "Starting scenario"),
    "adj_reset": ("Revenir au scénario de départ", "Terug naar het vertrekscenario", "Back to the starting scenario"),
    "adj_result": ("Résultat", "Resultaat", "Result"),
    "adj_vs_base": ("par rapport à « {base} »", "tegenover \"{base}\"", "compared with \"{base}\""),
    "adj_unchanged": ("Aucune modification : c'est le scénario de départ.", "Geen wijziging: dit is het vertrekscenario.", "No change: this is the starting scenario."),
    "adj_save": ("Enregistrer comme scénario", "Als scenario bewaren", "Save as a scenario"),
    "adj_save_name": ("Nom (lettres, chiffres, _ et -)", "Naam (letters, cijfers, _ en -)", "Name (letters, digits, _ and -)"),
    "adj_save_label": ("Libellé (FR / NL)", "Omschrijving (FR / NL)", "Label (FR / NL)"),
    "adj_save_button": ("Enregistrer dans la zone", "In de zone bewaren", "Save to the zone"),
    "adj_save_where": (
        "Le scénario est écrit dans le fichier scenarios.toml d'une copie de la zone propre à votre session : les autres utilisateurs ne le voient pas et les exemples fournis restent intacts. Téléchargez le fichier pour le garder.",
        "Het scenario wordt geschreven in scenarios.toml van een kopie van de zone die alleen voor uw sessie is: andere gebruikers zien het niet en de meegeleverde voorbeelden blijven ongewijzigd. Download het bestand om het te bewaren.",
        "The scenario is written to scenarios.toml in a copy of the zone private to your session: other users do not see it and the bundled samples stay untouched. Download the file to keep it.",
    ),
    "adj_saved": ("Scénario « {name} » enregistré. Il est disponible dans les listes de scénarios.", "Scenario \"{name}\" bewaard. Het staat nu in de scenariolijsten.", "Scenario \"{name}\" saved. It is now in the scenario lists."),
    "adj_save_failed": ("Impossible d'enregistrer : {reason}", "Bewaren niet mogelijk: {reason}", "Cannot save: {reason}"),
    "adj_download_scenario": ("Télécharger ce scénario (TOML)", "Dit scenario downloaden (TOML)", "Download this scenario (TOML)"),
    "adj_download_scenarios": ("Télécharger scenarios.toml", "scenarios.toml downloaden", "Download scenarios.toml"),
    "adj_download_pinned": ("Télécharger pinned.csv ({week})", "pinned.csv downloaden ({week})", "Download pinned.csv ({week})"),
    "adj_pinned_saved_note": (
        "Les opérations fixées appartiennent à la semaine, pas au scénario : elles sont écrites dans weeks/{week}/pinned.csv de votre copie.",
        "Vastgelegde acties horen bij de week, niet bij het scenario: ze worden in weeks/{week}/pinned.csv van uw kopie geschreven.",
        "Pinned operations belong to the week, not to the scenario: they are written to weeks/{week}/pinned.csv of your copy.",
    ),
    "adj_changes": ("Modifications", "Wijzigingen", "Changes"),
    # -- compare ---------------------------------------------------------------------------
    "cmp_pick": ("Scénarios à comparer (le premier sert de référence)", "Te vergelijken scenario's (het eerste is de referentie)", "Scenarios to compare (the first one is the reference)"),
    "cmp_need_two": ("Choisissez au moins deux scénarios.", "Kies minstens twee scenario's.", "Choose at least two scenarios."),
    "cmp_figures": ("Chiffres clés", "Kerncijfers", "Key figures"),
    "cmp_priorities": ("Heures par priorité", "Uren per prioriteit", "Hours per priority"),
    "cmp_norms": ("Statut des normes", "Status van de normen", "Norm status"),
    "cmp_words": ("Ce qui change", "Wat verandert", "What changes"),
    "cmp_diff_of": ("{other} − {first}", "{other} − {first}", "{other} − {first}"),
    "cmp_diff_pct_of": ("{other} − {first} (%)", "{other} − {first} (%)", "{other} − {first} (%)"),
    # -- data ------------------------------------------------------------------------------
    "data_intro": (
        "Les données lues dans le dossier de la zone. Un zip importé est vérifié : chaque erreur est listée avec fichier, ligne et champ.",
        "De gegevens uit de zonemap. Een geüploade zip wordt gecontroleerd: elke fout wordt vermeld met bestand, rij en veld.",
        "The data read from the zone folder. An uploaded zip is checked: every error is listed with file, row and field.",
    ),
    "data_valid": ("Données valides : {staff} membres du personnel, {ops} types d'opération, scénarios : {scenarios}.", "Geldige gegevens: {staff} personeelsleden, {ops} soorten acties, scenario's: {scenarios}.", "Valid data: {staff} staff, {ops} operation types, scenarios: {scenarios}."),
    "data_settings": ("Paramètres de la zone", "Instellingen van de zone", "Zone settings"),
    # -- input warnings (planner.sanity): the inputs load, but break a rule ----------------
    "warnings_title": (
        "{n} avertissement(s) : les données se chargent, mais enfreignent une règle.",
        "{n} waarschuwing(en): de gegevens laden, maar overtreden een regel.",
        "{n} warning(s): the data loads, but breaks a rule.",
    ),
    "warn_shift_too_short": (
        "Horaire {subject} : {hours}, moins que le minimum de {minimum_hours} par prestation (PJPol).",
        "Dienst {subject}: {hours}, korter dan het minimum van {minimum_hours} per prestatie (RPPol).",
        "Shift {subject}: {hours}, shorter than the minimum of {minimum_hours} per service (PJPol).",
    ),
    "warn_shift_too_long": (
        "Horaire {subject} : {hours}, plus que le maximum de {maximum_hours} par prestation (PJPol) ; "
        "une exception autorisée s'écrit {{ time = \"...\", exception = true }}.",
        "Dienst {subject}: {hours}, langer dan het maximum van {maximum_hours} per prestatie (RPPol); "
        "een toegestane uitzondering schrijf je {{ time = \"...\", exception = true }}.",
        "Shift {subject}: {hours}, longer than the maximum of {maximum_hours} per service (PJPol); "
        "an allowed exception is written {{ time = \"...\", exception = true }}.",
    ),
    "warn_rest_too_short": (
        "Équipe {subject} : {rest_hours} de repos entre deux prestations (jour {cycle_day} du cycle, "
        "{pairs} fois par cycle), moins que les {minimum_hours} requises (PJPol).",
        "Ploeg {subject}: {rest_hours} rust tussen twee prestaties (dag {cycle_day} van de cyclus, "
        "{pairs} keer per cyclus), minder dan de vereiste {minimum_hours} (RPPol).",
        "Team {subject}: {rest_hours} of rest between two services (day {cycle_day} of the cycle, "
        "{pairs} time(s) per cycle), less than the {minimum_hours} required (PJPol).",
    ),
    "warn_hours_in_7_days_above_max": (
        "Équipe {subject} : {hours} de prestations en 7 jours consécutifs du cycle (à partir du jour "
        "{cycle_day}), plus que le maximum de {maximum_hours} par semaine (PJPol).",
        "Ploeg {subject}: {hours} prestaties in 7 opeenvolgende dagen van de cyclus (vanaf dag "
        "{cycle_day}), meer dan het maximum van {maximum_hours} per week (RPPol).",
        "Team {subject}: {hours} of services in 7 consecutive days of the cycle (from day "
        "{cycle_day}), more than the maximum of {maximum_hours} a week (PJPol).",
    ),
    "warn_file_not_read": (
        "Fichier {subject} : le planificateur ne le lit pas.",
        "Bestand {subject}: de planner leest het niet.",
        "File {subject}: the planner does not read it.",
    ),
    "warn_file_not_read_near": (
        "Fichier {subject} : le planificateur ne le lit pas ; vouliez-vous écrire {detail} ?",
        "Bestand {subject}: de planner leest het niet; bedoelde u {detail}?",
        "File {subject}: the planner does not read it; did you mean {detail}?",
    ),
    "warn_qualification_not_held": (
        "Qualification {subject} : demandée, mais aucun membre du personnel ne l'a (staff.csv) ; "
        "ce qui la demande ne sera pas planifié.",
        "Kwalificatie {subject}: gevraagd, maar geen enkel personeelslid heeft ze (staff.csv); "
        "wat ze vraagt, wordt niet gepland.",
        "Qualification {subject}: asked for, but nobody in staff.csv holds it; what asks for it "
        "will not be planned.",
    ),
    "warn_neighbourhood_inspectors_below_norm": (
        "Travail de quartier : {officers} policier(s) opérationnel(s) dans {subject}, la norme légale "
        "en demande {required} (1 par {inhabitants_per_inspector} habitants, {inhabitants} habitants).",
        "Wijkwerking: {officers} operationele politiemensen in {subject}, de wettelijke norm vraagt er "
        "{required} (1 per {inhabitants_per_inspector} inwoners, {inhabitants} inwoners).",
        "Neighbourhood work: {officers} operational officer(s) in {subject}, the legal norm asks for "
        "{required} (1 per {inhabitants_per_inspector} inhabitants, {inhabitants} inhabitants).",
    ),
    "warn_csv_read_as_windows_1252": (
        "{subject} n'est pas en UTF-8 : lu en Windows-1252 (premier caractère accentué à la ligne "
        "{line}). Vérifiez les noms accentués ; enregistrer en « CSV UTF-8 » évite cette note.",
        "{subject} is geen UTF-8: gelezen als Windows-1252 (eerste teken met accent op regel {line}). "
        "Controleer namen met accenten; opslaan als 'CSV UTF-8' vermijdt deze melding.",
        "{subject} is not UTF-8: read as Windows-1252 (first accented character on line {line}). "
        "Check names with accents; saving as 'CSV UTF-8' avoids this note.",
    ),
    "data_staff": ("Personnel", "Personeel", "Staff"),
    "data_staff_summary": ("Personnel par service et grade", "Personeel per dienst en graad", "Staff by unit and grade"),
    "data_teams": ("Équipes et roulements", "Ploegen en roosters", "Teams and shift patterns"),
    "data_priorities": ("Priorités", "Prioriteiten", "Priorities"),
    "data_operations": ("Types d'opération", "Soorten acties", "Operation types"),
    "data_scenarios": ("Scénarios", "Scenario's", "Scenarios"),
    "data_week": ("Données datées de {week}", "Gedateerde gegevens van {week}", "Dated inputs of {week}"),
    "data_absences": ("Absences", "Afwezigheden", "Absences"),
    "data_commitments": ("HyCap et engagements", "HyCap en engagementen", "HyCap and commitments"),
    "data_pinned": ("Opérations fixées", "Vastgelegde acties", "Pinned operations"),
    "data_none": ("(aucune ligne)", "(geen rijen)", "(no rows)"),
    "data_download_zone": ("Télécharger la zone (zip)", "De zone downloaden (zip)", "Download the zone (zip)"),
    "data_source": ("Dossier : {path}", "Map: {path}", "Folder: {path}"),
    "upload_ok": ("Zone importée : {name}", "Zone geüpload: {name}", "Zone uploaded: {name}"),
    # -- waterfall steps -------------------------------------------------------------------
    "wf_contract_hours": ("Heures contractuelles", "Contracturen", "Contract hours"),
    "wf_roster_minus_contract": ("Roulement moins contrats (semaine)", "Rooster min contracten (week)", "Roster minus contracts (week)"),
    "wf_not_schedulable": ("Non planifiable (blocs partiels)", "Niet planbaar (deelblokken)", "Not schedulable (part blocks)"),
    "wf_absences": ("Absences", "Afwezigheden", "Absences"),
    "wf_available": ("Disponible", "Beschikbaar", "Available"),
    "wf_support_and_calog_not_in_basic_missions": ("Appui et CALog hors missions de base", "Ondersteuning en CALog buiten basisopdrachten", "Support and CALog outside basic missions"),
    "wf_basic_missions": ("Fonctionnalités de base", "Basisfunctionaliteiten", "Basic functionalities"),
    "wf_hycap": ("HyCap", "HyCap", "HyCap"),
    "wf_other_commitments": ("Autres engagements", "Andere engagementen", "Other commitments"),
    "wf_hycap_and_commitments": ("HyCap et engagements", "HyCap en engagementen", "HyCap and commitments"),
    "wf_traffic_reserve_run_as_road_safety": ("Réserve circulation utilisée en sécurité routière", "Verkeersreserve ingezet voor verkeersveiligheid", "Traffic reserve run as road safety"),
    "wf_capacity_for_priorities": ("Capacité pour les priorités", "Capaciteit voor de prioriteiten", "Capacity for priorities"),
    "wf_priority_operations": ("Opérations prioritaires", "Prioritaire acties", "Priority operations"),
    "wf_unallocated": ("Non attribué", "Niet toegewezen", "Unallocated"),
    "wf_kind_total": ("Total", "Totaal", "Total"),
    "wf_kind_decrease": ("Retrait", "Afname", "Decrease"),
    "wf_kind_increase": ("Ajout", "Toename", "Increase"),
    # -- comparison figures ----------------------------------------------------------------
    "cf_available hours": ("Disponible", "Beschikbaar", "Available"),
    "cf_absences hours": ("Absences", "Afwezigheden", "Absences"),
    "cf_basic missions hours": ("Fonctionnalités de base", "Basisfunctionaliteiten", "Basic functionalities"),
    "cf_HyCap and commitments hours": ("HyCap et engagements", "HyCap en engagementen", "HyCap and commitments"),
    "cf_capacity for priorities hours": ("Capacité pour les priorités", "Capaciteit voor de prioriteiten", "Capacity for priorities"),
    "cf_legal shortfall hours": ("Déficit minimum légal", "Tekort wettelijk minimum", "Legal minimum shortfall"),
    "cf_zone-standard shortfall hours": ("Déficit norme de la zone", "Tekort zonale norm", "Zone standard shortfall"),
    "cf_HyCap shortfall hours": ("HyCap non couvert", "HyCap niet gedekt", "HyCap not covered"),
    "cf_other commitments shortfall hours": ("Autres engagements non couverts", "Andere engagementen niet gedekt", "Other commitments not covered"),
    "cf_pinned operations shortfall hours": ("Opérations fixées non placées", "Vastgelegde acties niet geplaatst", "Pinned operations not placed"),
    "cf_priority floors shortfall hours": ("Déficit planchers des priorités", "Tekort bodems van de prioriteiten", "Priority floors shortfall"),
    "cf_unallocated hours": ("Non attribué", "Niet toegewezen", "Unallocated"),
    "cf_priority hours": ("Heures {p}", "Uren {p}", "Hours {p}"),
    # -- grid groups that are not functionalities or priorities -----------------------------
    "grp_hycap": ("HyCap", "HyCap", "HyCap"),
    "grp_commitments": ("Autres engagements", "Andere engagementen", "Other commitments"),
    "grp_on_call": ("{f} (permanence)", "{f} (permanentie)", "{f} (on call)"),
    # -- settings rows on the data page ----------------------------------------------------
    "set_name": ("Nom", "Naam", "Name"),
    "set_inhabitants": ("Habitants", "Inwoners", "Inhabitants"),
    "set_communes": ("Communes", "Gemeenten", "Municipalities"),
    "set_timezone": ("Fuseau horaire", "Tijdzone", "Time zone"),
    "set_block_hours": ("Durée d'un bloc", "Duur van een blok", "Block length"),
    "set_day_start": ("Début de la journée", "Begin van de dag", "Day start"),
    "set_shifts": ("Services", "Diensten", "Shifts"),
    "set_hycap_share": ("Ligne HyCap annuelle (part des heures opérationnelles)", "Jaarlijkse HyCap-lijn (aandeel van de operationele uren)", "Yearly HyCap line (share of operational hours)"),
    "set_hycap_used": ("HyCap déjà utilisé cette année", "HyCap al gebruikt dit jaar", "HyCap used so far this year"),
    "set_net_hours": ("Heures productives nettes par an", "Netto productieve uren per jaar", "Net productive hours per year"),
    "set_staff": ("Personnel", "Personeel", "Staff"),
    "set_operational": ("dont opérationnels", "waarvan operationeel", "of which operational"),
}

FUNCTIONALITY_EN = {
    "intervention": "Intervention",
    "reception": "Reception",
    "neighbourhood": "Neighbourhood work",
    "victim_assistance": "Victim assistance",
    "investigation": "Local investigation",
    "public_order": "Public order",
    "traffic": "Traffic",
}
PRIORITY_EN = {
    "road_safety": "Road safety",
    "quality_of_life": "Quality of life",
    "burglary": "Burglary",
    "drugs": "Drugs",
    "radicalism": "Radicalism",
}
COMMITMENT_TYPE = {
    "hycap": ("HyCap", "HyCap", "HyCap"),
    "training": ("Formation", "Opleiding", "Training"),
    "court": ("Tribunal", "Rechtbank", "Court"),
    "cell_guard": ("Garde des cellules", "Celbewaking", "Cell guard"),
    "transfer": ("Transfèrement", "Overbrenging", "Transfer"),
    "administration": ("Administration", "Administratie", "Administration"),
    "other": ("Autre", "Andere", "Other"),
}
ABSENCE_TYPE = {
    "leave": ("Congé", "Verlof", "Leave"),
    "sickness": ("Maladie", "Ziekte", "Sickness"),
    "training": ("Formation", "Opleiding", "Training"),
    "court": ("Tribunal", "Rechtbank", "Court"),
    "other": ("Autre", "Andere", "Other"),
}
# The `unit` column of plan.norms is English text written by the results layer.
NORM_UNIT = {
    "officers on duty every hour": ("policiers en service à chaque heure", "politiemensen in dienst elk uur", "officers on duty every hour"),
    "staffed opening hours": ("heures d'ouverture assurées", "bemande openingsuren", "staffed opening hours"),
    "inspector hours per week": ("heures d'inspecteur par semaine", "inspecteursuren per week", "inspector hours per week"),
    "on-call coverage hours": ("heures de permanence rappelable", "uren oproepbare permanentie", "on-call coverage hours"),
    "hours of service each day": ("heures de service chaque jour", "uren dienst elke dag", "hours of service each day"),
    "investigator hours per week": ("heures d'enquêteur par semaine", "rechercheursuren per week", "investigator hours per week"),
    "on-call coverage hours (OPA)": ("heures de permanence OPA", "uren permanentie OBP", "on-call coverage hours (OPA)"),
    "share of all staff hours": ("part de toutes les heures du personnel", "aandeel van alle personeelsuren", "share of all staff hours"),
}


def check_lang(lang: str) -> str:
    """The language if known, else the default (a stale session never breaks a page)."""
    return lang if lang in LANGS else DEFAULT_LANG


def _pick(entry: tuple[str, str, str], lang: str) -> str:
    return entry[LANGS.index(check_lang(lang))]


def t(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang`, with `values` filled in. An unknown key shows itself,
    so a missing translation is visible rather than fatal."""
    entry = TEXT.get(key)
    if entry is None:
        return key
    text = _pick(entry, lang)
    return text.format(**values) if values else text


# -- numbers --------------------------------------------------------------------------------
def fmt_number(x: float, lang: str, decimals: int = 1) -> str:
    """1234.5 -> '1 234,5' (fr, narrow no-break space), '1.234,5' (nl), '1,234.5' (en).

    Negative numbers use a true minus sign; -0.0 shows as 0."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    group, point = _SEPARATORS[check_lang(lang)]
    value = round(float(x), decimals)
    if value == 0:
        value = 0.0
    text = f"{abs(value):,.{decimals}f}"
    text = text.replace(",", "\0").replace(".", point).replace("\0", group)
    return (MINUS if value < 0 else "") + text


def fmt_ordinal(n: int, lang: str) -> str:
    """2 -> '2e' (fr, nl), '2nd' (en); 1 -> '1er' (fr), '1e' (nl), '1st' (en)."""
    if lang == "en":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if lang == "fr" and n == 1:
        return "1er"
    return f"{n}e"


def vega_number_locale(lang: str) -> dict[str, object]:
    """d3-format locale for the charts' axes, so they group and mark decimals like the tables."""
    group, point = _SEPARATORS[check_lang(lang)]
    return {"decimal": point, "thousands": group, "grouping": [3], "currency": ["", f"{NBSP}€"]}


def fmt_hours(x: float, lang: str, decimals: int = 1) -> str:
    """Person-hours with the unit: '1 234,5 h' (fr), '1.234,5 u' (nl), '1,234.5 h' (en)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{fmt_number(x, lang, decimals)}{NBSP}{_HOUR_UNIT[check_lang(lang)]}"


def fmt_signed_hours(x: float, lang: str, decimals: int = 1) -> str:
    """A difference in hours, always signed: '+12,0 h', '−8,0 u', '0,0 h'."""
    text = fmt_hours(x, lang, decimals)
    return text if text.startswith(MINUS) or round(x, decimals) == 0 else "+" + text


def fmt_percent(share: float, lang: str, decimals: int = 1, signed: bool = False) -> str:
    """A share (0.364) as '36,4 %' (fr), '36,4%' (nl), '36.4%' (en)."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "—"
    number = fmt_number(share * 100, lang, decimals)
    if signed and round(share * 100, decimals) > 0:
        number = "+" + number
    return number + (f"{NBSP}%" if check_lang(lang) == "fr" else "%")


def fmt_weight(x: float, lang: str) -> str:
    """Weights as typed: '1,5' or '3' (no trailing zeros)."""
    text = fmt_number(x, lang, 2)
    point = _SEPARATORS[check_lang(lang)][1]
    return text.rstrip("0").rstrip(point) if point in text else text


def parse_number(text: str, lang: str) -> float:
    """Read a number typed in the language's own way ('1 234,5', '1.234,5', '1,234.5')."""
    group, point = _SEPARATORS[check_lang(lang)]
    cleaned = str(text).strip().replace(MINUS, "-")
    for space in (NNBSP, NBSP, " "):
        cleaned = cleaned.replace(space, "")
    cleaned = cleaned.replace(group, "").replace(point, ".")
    return float(cleaned)


# -- input warnings -------------------------------------------------------------------------
def input_warning_text(w, lang: str) -> str:
    """A planner.sanity.InputWarning in words, with where it was written (file, row)."""
    values: dict[str, str] = {}
    for name, x in w.values.items():
        values[name] = fmt_hours(x, lang) if name.endswith("hours") else fmt_number(x, lang, 0)
    text = t(f"warn_{w.code}", lang, subject=w.subject, detail=getattr(w, "detail", ""), **values)
    where = w.file if w.row is None else f"{w.file}, row {w.row} (line {w.row + 1})"
    return f"{text} [{where}]"


# -- days, blocks and labels ----------------------------------------------------------------
def day_name(day: int, lang: str, long: bool = False) -> str:
    return (DAYS_LONG if long else DAYS_SHORT)[check_lang(lang)][day]


def clock(minutes: int) -> str:
    """Minutes after midnight as HH:MM (past midnight wraps: 1500 -> 01:00)."""
    m = int(minutes) % 1440
    return f"{m // 60:02d}:{m % 60:02d}"


def time_span(start_minute: int, end_minute: int) -> str:
    return f"{clock(start_minute)}–{clock(end_minute)}"


_BLOCK_LABEL = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b(.*)$")


def localise_where(where: str, lang: str) -> str:
    """The `where` of a shortfall ('Mon 07:00-11:00; Tue', or 'week') in the language."""
    if not where:
        return ""
    parts = []
    for item in where.split(";"):
        item = item.strip()
        m = _BLOCK_LABEL.match(item)
        if item == "week":
            parts.append(t("where_week", lang))
        elif m:
            parts.append(day_name(_EN_DAYS.index(m.group(1)), lang) + m.group(2).replace("-", "–"))
        else:
            parts.append(item)
    return "; ".join(parts)


def functionality_label(fid: str, lang: str) -> str:
    from planner.domain import MISSION_LABELS

    fr, nl = MISSION_LABELS.get(fid, (fid, fid))
    return {"fr": fr, "nl": nl}.get(check_lang(lang), FUNCTIONALITY_EN.get(fid, fid))


def humanise(identifier: str) -> str:
    """'speed_check' -> 'Speed check': the English fallback for ids the data labels only in
    French and Dutch."""
    text = identifier.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def bilingual_label(label_fr: str, label_nl: str, identifier: str, lang: str,
                    english: dict[str, str] | None = None) -> str:
    lang = check_lang(lang)
    if lang == "fr":
        return label_fr or identifier
    if lang == "nl":
        return label_nl or label_fr or identifier
    return (english or {}).get(identifier) or humanise(identifier)


def priority_label(pid: str, label_fr: str, label_nl: str, lang: str) -> str:
    return bilingual_label(label_fr, label_nl, pid, lang, PRIORITY_EN)


def split_label(label: str, name: str, lang: str) -> str:
    """Scenario labels in the data are written 'French / Dutch'; show the language's half
    (English: the name, humanised). A label without ' / ' is shown whole."""
    lang = check_lang(lang)
    parts = [p.strip() for p in label.split(" / ")] if label else []
    if len(parts) == 2:
        return {"fr": parts[0], "nl": parts[1]}.get(lang, humanise(name))
    return label or humanise(name)


def commitment_type_label(kind: str, lang: str) -> str:
    entry = COMMITMENT_TYPE.get(kind)
    return _pick(entry, lang) if entry else kind


def absence_type_label(kind: str, lang: str) -> str:
    entry = ABSENCE_TYPE.get(kind)
    return _pick(entry, lang) if entry else kind


def norm_unit_label(unit: str, lang: str) -> str:
    entry = NORM_UNIT.get(unit)
    return _pick(entry, lang) if entry else unit


def level_label(level: str, lang: str) -> str:
    return t(f"level_{level}", lang) if f"level_{level}" in TEXT else level


def status_label(status: str, shortfall_hours: float, lang: str) -> str:
    if status == "met":
        return t("status_met", lang)
    return t("status_short", lang, h=fmt_hours(shortfall_hours, lang))


def waterfall_label(step: str, lang: str) -> str:
    return t(f"wf_{step}", lang) if f"wf_{step}" in TEXT else humanise(step)


def missing_keys(keys: Iterable[str]) -> list[str]:
    """Keys used by the app that have no text (the tests call this on every key used)."""
    return [k for k in keys if k not in TEXT]


__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "LANG_NAMES",
    "TEXT",
    "bilingual_label",
    "check_lang",
    "day_name",
    "fmt_hours",
    "fmt_number",
    "fmt_percent",
    "fmt_signed_hours",
    "fmt_weight",
    "functionality_label",
    "localise_where",
    "parse_number",
    "priority_label",
    "split_label",
    "t",
]
