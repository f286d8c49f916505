# The double report of D4 without option 1 or 2, as a reviewer reads it: `ptmc show` of the kept
# P5 counterexample must show both engines in list order, the detached-ops engine delivering the
# parting signal and detaching, the new ptrace engine taking that delivery for a new signal and
# stopping, the new tracer's signal-delivery stop, and the monitor flag. Inputs: PTMC, ROOT.
set(trace ${ROOT}/counterexamples/utrace/d4-alone--p5_parting_signal_delivered_once.itf.json)
if(NOT EXISTS ${trace})
  message(FATAL_ERROR "the D4-alone P5 counterexample is not kept: ${trace}")
endif()
execute_process(COMMAND ${PTMC} show ${trace} WORKING_DIRECTORY ${ROOT}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "ptmc show exited ${rc}:\n${err}")
endif()
set(expected
    "property: p5_parting_signal_delivered_once (invariant)"
    "events: detached(who="
    "engine_attached(t=Tid(0), e=1, ops=OPS_PARTING)"
    "report_signal(t=Tid(0), e=1, ops=OPS_PARTING, seen=UTRACE_SIGNAL_REPORT"
    "ret=UTRACE_SIGNAL_DELIVER, resume=UTRACE_DETACH)"
    "report_signal(t=Tid(0), e=0, ops=OPS_PTRACE, seen=UTRACE_SIGNAL_DELIVER"
    "ret=UTRACE_SIGNAL_IGN, resume=UTRACE_STOP)"
    "ptrace_stopped(t=Tid(0), kind=SIGNAL_STOP"
    "parting.reported_again: false -> true")
set(from 0)
foreach(line IN LISTS expected)
  string(SUBSTRING "${out}" ${from} -1 rest)
  string(FIND "${rest}" "${line}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "ptmc show of ${trace} lacks, in this order: ${line}\n${out}")
  endif()
  math(EXPR from "${from} + ${at}")
endforeach()
