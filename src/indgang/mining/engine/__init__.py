"""Indgang's process-mining engine: columnar (Polars), pm4py-compatible results.

Public API — everything else in this package is internal:

Reading and writing
    read_xes, read_xes_bytes, read_csv, CsvMapping, guess_mapping, load_event_log,
    make_event_log, export_xes, export_csv
Analyses
    summarise (DFG + performance, start/end, variants, case durations),
    directly_follows, start_activities, end_activities, variants, case_durations,
    waiting_times, rework, bottlenecks, handovers
Findings
    find_findings, process_potential, Finding
Filters
    filter_time_range, filter_activities, filter_variants, filter_top_variants,
    filter_attribute, filter_case_duration
Views
    process_map, analyse_path, analyse_log
"""

from .analysis import (
    DfgEdge,
    DurationSummary,
    ProcessSummary,
    Variant,
    bottlenecks,
    case_durations,
    directly_follows,
    end_activities,
    handovers,
    rework,
    start_activities,
    summarise,
    summary_to_dict,
    variants,
    waiting_times,
)
from .api import analyse_log, analyse_path, detect_format, load_event_log
from .csvlog import CsvMapping, guess_mapping, read_csv
from .errors import EventLogError
from .eventlog import STANDARD_COLUMNS, EventLog, make_event_log
from .export import export_csv, export_xes
from .filters import (
    filter_activities,
    filter_attribute,
    filter_case_duration,
    filter_time_range,
    filter_top_variants,
    filter_variants,
)
from .findings import Finding, find_findings, process_potential
from .processmap import MapEdge, MapNode, ProcessMap, process_map
from .xes import read_xes, read_xes_bytes

__all__ = [
    "STANDARD_COLUMNS",
    "CsvMapping",
    "DfgEdge",
    "DurationSummary",
    "EventLog",
    "EventLogError",
    "Finding",
    "MapEdge",
    "MapNode",
    "ProcessMap",
    "ProcessSummary",
    "Variant",
    "analyse_log",
    "analyse_path",
    "bottlenecks",
    "case_durations",
    "detect_format",
    "directly_follows",
    "end_activities",
    "export_csv",
    "export_xes",
    "filter_activities",
    "filter_attribute",
    "filter_case_duration",
    "filter_time_range",
    "filter_top_variants",
    "filter_variants",
    "find_findings",
    "guess_mapping",
    "handovers",
    "load_event_log",
    "make_event_log",
    "process_map",
    "process_potential",
    "read_csv",
    "read_xes",
    "read_xes_bytes",
    "rework",
    "start_activities",
    "summarise",
    "summary_to_dict",
    "variants",
    "waiting_times",
]
