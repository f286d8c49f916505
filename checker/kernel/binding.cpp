// The binding table: which model syscalls, arguments, results and observations have a real
// counterpart on Linux, and how each is translated. Everything the kernel runner knows about the
// model's vocabulary is in this file; checker/kernel/README.md documents it.
#include "kernel/binding.h"

#include <sys/ptrace.h>
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>

#include "lang/types.h"

namespace ptmc::kernel {
namespace {

// How a model syscall parameter is translated. The model's type must have the matching shape.
enum class param_kind {
  tid,        // Tid                Tid(k) -> the k-th thread's tid
  opt_tid,    // Tid?               none -> any child (P_ALL), Tid(k) -> P_PID tid
  sig,        // Sig                SIGSTOP -> 19 ...
  opt_sig,    // Sig?               none -> 0
  opt_ptopt,  // PtOpt?             none -> 0, O_TRACEEXIT -> PTRACE_O_TRACEEXIT ...
  wflags,     // set<WFlag>         {WNOHANG, WUNTRACED, ...} -> WNOHANG | WSTOPPED | ...
};

struct syscall_entry {
  const char* model;                 // the model syscall
  std::vector<param_kind> params;    // its parameters after `self`, in order
  real_call call;
  long request;                      // ptrace request
  result_kind result;
  const char* real;                  // what runs, for the documentation
};

// THE TABLE. A model family (linux-6.18; vanilla linux-2.6.32 once its waitpid takes flags) is
// bindable where its scenarios call only these syscalls with these parameter shapes. The caller's
// `self` (PARENT, TRACER) selects the process that makes the call.
const std::vector<syscall_entry>& table() {
  static const std::vector<syscall_entry> entries = {
      {"kill", {param_kind::sig}, real_call::kill_group, 0, result_kind::ret, "kill(tgid, sig)"},
      {"tkill", {param_kind::tid, param_kind::sig}, real_call::tgkill, 0, result_kind::ret,
       "tgkill(tgid, tid, sig)"},
      {"ptrace_attach", {param_kind::tid}, real_call::ptrace, PTRACE_ATTACH, result_kind::ret,
       "ptrace(PTRACE_ATTACH, tid, 0, 0)"},
      {"ptrace_seize", {param_kind::tid, param_kind::opt_ptopt}, real_call::ptrace, PTRACE_SEIZE, result_kind::ret,
       "ptrace(PTRACE_SEIZE, tid, 0, options)"},
      {"ptrace_cont", {param_kind::tid, param_kind::opt_sig}, real_call::ptrace, PTRACE_CONT, result_kind::ret,
       "ptrace(PTRACE_CONT, tid, 0, sig)"},
      {"ptrace_syscall", {param_kind::tid, param_kind::opt_sig}, real_call::ptrace, PTRACE_SYSCALL,
       result_kind::ret, "ptrace(PTRACE_SYSCALL, tid, 0, sig)"},
      {"ptrace_setoptions", {param_kind::tid, param_kind::opt_ptopt}, real_call::ptrace, PTRACE_SETOPTIONS,
       result_kind::ret, "ptrace(PTRACE_SETOPTIONS, tid, 0, options)"},
      {"ptrace_kill", {param_kind::tid}, real_call::ptrace, PTRACE_KILL, result_kind::ret,
       "ptrace(PTRACE_KILL, tid, 0, 0)"},
      {"ptrace_interrupt", {param_kind::tid}, real_call::ptrace, PTRACE_INTERRUPT, result_kind::ret,
       "ptrace(PTRACE_INTERRUPT, tid, 0, 0)"},
      {"ptrace_listen", {param_kind::tid}, real_call::ptrace, PTRACE_LISTEN, result_kind::ret,
       "ptrace(PTRACE_LISTEN, tid, 0, 0)"},
      {"ptrace_detach", {param_kind::tid, param_kind::opt_sig}, real_call::ptrace, PTRACE_DETACH, result_kind::ret,
       "ptrace(PTRACE_DETACH, tid, 0, sig)"},
      {"exit_ptrace", {}, real_call::exit_tracer, 0, result_kind::none,
       "the calling process exits (_exit(0)); its last statement"},
      {"waitpid", {param_kind::opt_tid, param_kind::wflags}, real_call::wait, 0, result_kind::wait,
       "waitid(P_PID tid | P_ALL, WEXITED | flags)"},
  };
  return entries;
}

struct named_value {
  const char* name;
  long value;
};

const std::vector<named_value>& signal_table() {
  static const std::vector<named_value> signals = {
      {"SIGHUP", SIGHUP},   {"SIGINT", SIGINT},   {"SIGQUIT", SIGQUIT}, {"SIGILL", SIGILL},
      {"SIGTRAP", SIGTRAP}, {"SIGABRT", SIGABRT}, {"SIGBUS", SIGBUS},   {"SIGFPE", SIGFPE},
      {"SIGKILL", SIGKILL}, {"SIGUSR1", SIGUSR1}, {"SIGSEGV", SIGSEGV}, {"SIGUSR2", SIGUSR2},
      {"SIGPIPE", SIGPIPE}, {"SIGALRM", SIGALRM}, {"SIGTERM", SIGTERM}, {"SIGCHLD", SIGCHLD},
      {"SIGCONT", SIGCONT}, {"SIGSTOP", SIGSTOP}, {"SIGTSTP", SIGTSTP}, {"SIGTTIN", SIGTTIN},
      {"SIGTTOU", SIGTTOU},
  };
  return signals;
}

// PtOpt values: the model's O_* name for a PTRACE_O_* option.
const std::vector<named_value>& ptrace_option_table() {
  static const std::vector<named_value> options = {
      {"O_TRACESYSGOOD", PTRACE_O_TRACESYSGOOD}, {"O_TRACEFORK", PTRACE_O_TRACEFORK},
      {"O_TRACEVFORK", PTRACE_O_TRACEVFORK},     {"O_TRACECLONE", PTRACE_O_TRACECLONE},
      {"O_TRACEEXEC", PTRACE_O_TRACEEXEC},       {"O_TRACEEXIT", PTRACE_O_TRACEEXIT},
      {"O_EXITKILL", PTRACE_O_EXITKILL},
  };
  return options;
}

// WFlag values. WUNTRACED is WSTOPPED (waitid's name for it).
const std::vector<named_value>& wait_flag_table() {
  static const std::vector<named_value> flags = {
      {"WNOHANG", WNOHANG}, {"WUNTRACED", WSTOPPED}, {"WSTOPPED", WSTOPPED}, {"WCONTINUED", WCONTINUED},
      {"WNOWAIT", WNOWAIT}, {"__WALL", __WALL},       {"__WCLONE", __WCLONE},  {"__WNOTHREAD", __WNOTHREAD},
  };
  return flags;
}

std::optional<long> lookup(const std::vector<named_value>& t, const std::string& name) {
  for (const named_value& v : t)
    if (name == v.name) return v.value;
  return std::nullopt;
}

bool has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

const char* errno_name(int err) {
  switch (err) {
    case ESRCH: return "ESRCH";
    case EPERM: return "EPERM";
    case EIO: return "EIO";
    case ECHILD: return "ECHILD";
    case EINVAL: return "EINVAL";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EAGAIN: return "EAGAIN";
    case EINTR: return "EINTR";
    default: return nullptr;
  }
}

std::string hex(long v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%lx", static_cast<unsigned long>(v));
  return buf;
}

// Whether a model parameter type has the shape a table parameter needs.
bool shape_matches(param_kind k, const lang::type* t) {
  if (t == nullptr) return false;
  auto optional_of = [&](lang::ty_kind inner) {
    return t->kind == lang::ty_kind::optional && t->elem != nullptr && t->elem->kind == inner;
  };
  switch (k) {
    case param_kind::tid: return t->kind == lang::ty_kind::symmetric;
    case param_kind::opt_tid: return optional_of(lang::ty_kind::symmetric);
    case param_kind::sig: return t->kind == lang::ty_kind::enumeration;
    case param_kind::opt_sig: return optional_of(lang::ty_kind::enumeration);
    case param_kind::opt_ptopt: return optional_of(lang::ty_kind::enumeration);
    case param_kind::wflags:
      return t->kind == lang::ty_kind::set && t->elem != nullptr && t->elem->kind == lang::ty_kind::enumeration;
  }
  return false;
}

std::string signature_of(const lang::decl& syscall) {
  std::string s = syscall.name + "(";
  bool first = true;
  for (const auto& p : syscall.params) {
    if (p.is_self) continue;
    s += (first ? "" : ", ") + p.name + ": " + (p.ty ? p.ty->spelling() : "?");
    first = false;
  }
  return s + ")";
}

class binder {
 public:
  binder(const lang::scenario_program& scenario, const lang::model_program& model, diagnostics& diags)
      : scenario_(scenario), model_(model), diags_(diags) {}

  std::optional<bound_scenario> run(const std::string& path) {
    bound_scenario out;
    out.name = scenario_.name;
    out.path = path;
    out.model_name = model_.name;
    out.allow_hang = scenario_.allow_hang;
    params(out);
    for (const lang::decl* init : scenario_.inits)
      fail(init->where, "an init block changes the model's state directly; the kernel runner has no real "
                        "counterpart for it (set up the process with params and program statements)");
    std::map<actor, const lang::decl*> actors;
    for (const lang::decl* p : scenario_.programs) program(*p, out, actors);
    for (const lang::decl* o : scenario_.observes) observe(*o, out);
    for (const lang::decl* c : scenario_.conditions) {
      if (!c->strings.empty() &&
          std::none_of(c->strings.begin(), c->strings.end(), [&](const std::string& m) { return model_.has_name(m); }))
        continue;  // for other models only
      if (c->value) condition(*c->value);
      out.conditions.push_back(c);
    }
    for (const bound_program& p : out.programs)
      for (const bound_step& s : p.steps)
        if (s.call == real_call::ptrace && s.request == PTRACE_SYSCALL) out.syscall_loop = true;
    for (const bound_program& p : out.programs)
      for (const bound_step& s : p.steps)
        if (!s.reg.empty() && !has(out.outcome_names, p.name + "." + s.reg))
          out.outcome_names.push_back(p.name + "." + s.reg);
    for (const bound_observe& o : out.observes) out.outcome_names.push_back(o.name);
    if (out.state_names.empty()) out.state_names = state_names_;
    if (failed_) return std::nullopt;
    return out;
  }

 private:
  void fail(span where, const std::string& message) {
    diags_.error("kernel.unbindable", where, message);
    failed_ = true;
  }

  void params(bound_scenario& out) {
    for (const auto& [name, value] : model_.param_values) {
      if (name == "NTHREADS") {
        out.nthreads = static_cast<int>(value);
      } else if (name == "USR1") {
        out.usr1 = static_cast<int>(value);
      } else if (scenario_.params.count(name) != 0) {
        const auto site = scenario_.param_sites.find(name);
        fail(site != scenario_.param_sites.end() ? site->second : span{},
             "parameter '" + name + "' has no real counterpart in the kernel runner (it knows NTHREADS and USR1)");
      }
    }
    if (out.nthreads < 1 || out.nthreads > 8) fail(span{}, "NTHREADS must be 1..8 for the kernel runner");
    if (out.usr1 < 0 || out.usr1 > 3) fail(span{}, "USR1 must be 0..3 (default, ignored, handler, blocked)");
  }

  static std::vector<std::string> enum_names(const lang::type* t) {
    if (t == nullptr || t->kind != lang::ty_kind::enumeration) return {};
    return t->value_names;
  }

  void program(const lang::decl& p, bound_scenario& out, std::map<actor, const lang::decl*>& actors) {
    bound_program bp;
    bp.name = p.name;
    if (!p.params.empty()) {
      fail(p.name_span, "program '" + p.name + "' has one instance per thread; the kernel runner runs one "
                        "process per actor (PARENT, TRACER)");
      return;
    }
    if (!p.value || p.value->kind != lang::expr_kind::name ||
        (p.value->name != "PARENT" && p.value->name != "TRACER")) {
      fail(p.value ? p.value->where : p.name_span,
           "program '" + p.name + "' must run as PARENT (the traced process's real parent) or TRACER "
           "(another process)");
      return;
    }
    bp.who = p.value->name == "PARENT" ? actor::parent : actor::tracer;
    const auto [previous, fresh] = actors.emplace(bp.who, &p);
    if (!fresh) {
      diagnostic& d = diags_.error("kernel.unbindable", p.name_span,
                                   "a second program runs as " + p.value->name +
                                       "; the kernel runner has one process per actor");
      d.notes.push_back({previous->second->name_span, "the first one"});
      failed_ = true;
      return;
    }
    for (const lang::stmt_ptr& s : p.body)
      if (s) statement(*s, bp, 1);
    for (std::size_t i = 0; i < bp.steps.size(); ++i) {
      const bound_step& st = bp.steps[i];
      if (st.call != real_call::exit_tracer) continue;
      if (bp.who != actor::tracer)
        fail(st.where, "exit_ptrace() from PARENT would make the real parent exit and orphan the traced "
                       "process; the kernel runner binds it only for TRACER");
      else if (i + 1 != bp.steps.size())
        fail(st.where, "exit_ptrace() ends the TRACER process: it must be the program's last statement");
    }
    out.programs.push_back(std::move(bp));
  }

  void statement(const lang::stmt& s, bound_program& bp, int repeat) {
    switch (s.kind) {
      case lang::stmt_kind::block:
        for (const lang::stmt_ptr& c : s.body)
          if (c) statement(*c, bp, repeat);
        return;
      case lang::stmt_kind::skip:
        return;
      case lang::stmt_kind::repeat: {
        if (s.exprs.empty() || !s.exprs[0] || s.exprs[0]->kind != lang::expr_kind::int_lit) {
          fail(s.where, "the kernel runner needs a literal repeat count");
          return;
        }
        const auto n = s.exprs[0]->int_value;
        for (std::int64_t i = 0; i < n; ++i)
          for (const lang::stmt_ptr& c : s.body)
            if (c) statement(*c, bp, repeat * static_cast<int>(n));
        return;
      }
      case lang::stmt_kind::assign:
        if (s.observe && s.exprs.size() == 2 && s.exprs[0] && s.exprs[1]) {
          snapshot(s, *s.exprs[1], bp);
          return;
        }
        if (s.exprs.size() == 2 && s.exprs[0] && s.exprs[1] && s.exprs[1]->kind == lang::expr_kind::call) {
          call(*s.exprs[1], s.exprs[0]->name, s, bp);
          return;
        }
        break;
      case lang::stmt_kind::call:
        if (s.ref == lang::ref_kind::syscall && s.target) {
          call_args(*s.target, s.exprs, "", s, bp);
          return;
        }
        break;
      case lang::stmt_kind::expect:
        fail(s.where, "'expect' is not supported by the kernel runner yet (state the expectation as a final "
                      "condition)");
        return;
      default:
        break;
    }
    fail(s.where, "this statement has no real counterpart in the kernel runner");
  }

  void call(const lang::expr& c, const std::string& reg, const lang::stmt& s, bound_program& bp) {
    if (c.ref != lang::ref_kind::syscall || c.target == nullptr) {
      fail(c.where, "only syscall calls can run on the kernel");
      return;
    }
    call_args(*c.target, c.operands, reg, s, bp);
  }

  void call_args(const lang::decl& syscall, const std::vector<lang::expr_ptr>& args, const std::string& reg,
                 const lang::stmt& s, bound_program& bp) {
    std::vector<const lang::param_decl_item*> params;
    for (const auto& p : syscall.params)
      if (!p.is_self) params.push_back(&p);
    const syscall_entry* entry = nullptr;
    for (const syscall_entry& e : table()) {
      if (syscall.name != e.model || e.params.size() != params.size()) continue;
      bool ok = true;
      for (std::size_t i = 0; i < params.size() && ok; ++i) ok = shape_matches(e.params[i], params[i]->ty);
      if (ok) {
        entry = &e;
        break;
      }
    }
    if (entry == nullptr) {
      fail(s.where, "model syscall " + signature_of(syscall) +
                        " has no real counterpart in the kernel binding (see checker/kernel/README.md)");
      return;
    }
    if (args.size() != params.size()) {
      fail(s.where, "wrong number of arguments");
      return;
    }
    bound_step st;
    st.call = entry->call;
    st.request = entry->request;
    st.result = entry->result;
    st.reg = reg;
    st.where = s.where;
    st.text = (reg.empty() ? "" : reg + " = ") + syscall.name + "(";
    for (std::size_t i = 0; i < args.size(); ++i) {
      const lang::expr& a = *args[i];
      st.text += (i ? ", " : "") + lang::print(a);
      argument(entry->params[i], a, st);
    }
    st.text += ")";
    if (entry->result != result_kind::none && syscall.ty != nullptr) {
      auto& names = entry->result == result_kind::ret ? ret_names_ : wait_names_;
      if (names.empty()) names = enum_names(syscall.ty);
    }
    bp.steps.push_back(std::move(st));
  }

  void not_constant(const lang::expr& a, const std::string& what) {
    fail(a.where, "the kernel runner needs a constant argument here (" + what + "), not '" + lang::print(a) + "'");
  }

  std::optional<int> tid_of(const lang::expr& a) {
    if (a.kind == lang::expr_kind::call && a.ref == lang::ref_kind::symmetric_ctor && a.operands.size() == 1 &&
        a.operands[0] && a.operands[0]->kind == lang::expr_kind::int_lit)
      return static_cast<int>(a.operands[0]->int_value);
    return std::nullopt;
  }

  std::optional<std::string> enum_name_of(const lang::expr& a) {
    if (a.kind == lang::expr_kind::name && a.ref == lang::ref_kind::enum_value) return a.name;
    return std::nullopt;
  }

  void argument(param_kind k, const lang::expr& a, bound_step& st) {
    switch (k) {
      case param_kind::tid:
      case param_kind::opt_tid: {
        if (k == param_kind::opt_tid && a.kind == lang::expr_kind::none_lit) {
          st.tid = -1;
          return;
        }
        const auto t = tid_of(a);
        if (!t) return not_constant(a, k == param_kind::tid ? "Tid(k)" : "Tid(k) or none");
        st.tid = *t;
        return;
      }
      case param_kind::sig:
      case param_kind::opt_sig: {
        if (k == param_kind::opt_sig && a.kind == lang::expr_kind::none_lit) {
          st.signo = 0;
          st.data = 0;
          return;
        }
        const auto name = enum_name_of(a);
        if (!name) return not_constant(a, k == param_kind::sig ? "a signal name" : "a signal name or none");
        const auto n = signal_number(*name);
        if (!n) return fail(a.where, "'" + *name + "' is not a signal the kernel runner knows");
        st.signo = *n;
        st.data = *n;
        return;
      }
      case param_kind::opt_ptopt: {
        if (a.kind == lang::expr_kind::none_lit) {
          st.data = 0;
          return;
        }
        const auto name = enum_name_of(a);
        if (!name) return not_constant(a, "a ptrace option or none");
        const auto v = lookup(ptrace_option_table(), *name);
        if (!v) return fail(a.where, "'" + *name + "' is not a ptrace option the kernel runner knows");
        st.data = *v;
        return;
      }
      case param_kind::wflags: {
        if (a.kind != lang::expr_kind::set_lit) return not_constant(a, "a set of wait flags, {WNOHANG, ...}");
        for (const lang::expr_ptr& e : a.operands) {
          const auto name = e ? enum_name_of(*e) : std::nullopt;
          if (!name) return not_constant(e ? *e : a, "a wait flag name");
          const auto v = lookup(wait_flag_table(), *name);
          if (!v) return fail(e->where, "'" + *name + "' is not a wait flag the kernel runner knows");
          st.wait_options |= static_cast<int>(*v);
        }
        return;
      }
    }
  }

  // The thread an observation `state[Tid(k)]` reads, with the state names of its type; none for an
  // observation /proc cannot show.
  std::optional<int> state_of(const lang::expr* e, std::vector<std::string>* names) {
    if (e && e->kind == lang::expr_kind::index && e->operands.size() == 2 && e->operands[0] && e->operands[1] &&
        e->operands[0]->kind == lang::expr_kind::name && e->operands[0]->name == "state" &&
        e->operands[0]->ref == lang::ref_kind::global_var) {
      const auto t = tid_of(*e->operands[1]);
      *names = enum_names(e->ty);
      if (t && has(*names, "RUNNING") && has(*names, "STOPPED") && has(*names, "TRACED") && has(*names, "DEAD"))
        return t;
    }
    return std::nullopt;
  }

  void observe(const lang::decl& o, bound_scenario& out) {
    const lang::expr* e = o.value.get();
    std::vector<std::string> names;
    if (const auto t = state_of(e, &names)) {
      out.observes.push_back({o.name, *t});
      if (out.state_names.empty()) out.state_names = names;
      bound_observes_.push_back(o.name);
      return;
    }
    fail(e ? e->where : o.where, "observe '" + o.name + "' reads '" + (e ? lang::print(*e) : std::string("?")) +
                                     "', which /proc cannot show; the kernel runner binds only state[Tid(k)]");
  }

  // `observe r = state[Tid(k)];` in a program: a read of /proc at that point of the program.
  void snapshot(const lang::stmt& s, const lang::expr& e, bound_program& bp) {
    std::vector<std::string> names;
    const auto t = state_of(&e, &names);
    if (!t) {
      fail(e.where, "'" + lang::print(e) + "' cannot be read in /proc; the kernel runner binds only "
                    "state[Tid(k)] in an observe statement");
      return;
    }
    if (state_names_.empty()) state_names_ = names;
    bound_step st;
    st.call = real_call::snapshot;
    st.tid = *t;
    st.result = result_kind::state;
    st.reg = s.exprs[0]->name;
    st.text = "observe " + st.reg + " = " + lang::print(e);
    st.where = s.where;
    bp.steps.push_back(std::move(st));
  }

  void condition(const lang::expr& e) {
    switch (e.kind) {
      case lang::expr_kind::bool_lit:
      case lang::expr_kind::int_lit: return;
      case lang::expr_kind::name:
        if (e.ref == lang::ref_kind::enum_value) return;
        if (e.ref == lang::ref_kind::observation) {
          if (!has(bound_observes_, e.name))
            fail(e.where, "the condition reads observation '" + e.name + "', which the kernel runner cannot bind");
          return;
        }
        break;
      case lang::expr_kind::field:
        if (e.ref == lang::ref_kind::register_) return;
        break;
      case lang::expr_kind::unary:
        if (e.uop == lang::unary_op::logical_not && e.operands.size() == 1 && e.operands[0])
          return condition(*e.operands[0]);
        break;
      case lang::expr_kind::binary:
        if ((e.bop == lang::binary_op::eq || e.bop == lang::binary_op::ne || e.bop == lang::binary_op::logical_and ||
             e.bop == lang::binary_op::logical_or || e.bop == lang::binary_op::implies) &&
            e.operands.size() == 2 && e.operands[0] && e.operands[1]) {
          condition(*e.operands[0]);
          condition(*e.operands[1]);
          return;
        }
        break;
      case lang::expr_kind::conditional:
        if (e.operands.size() == 3) {
          for (const auto& o : e.operands)
            if (o) condition(*o);
          return;
        }
        break;
      default:
        break;
    }
    fail(e.where, "the kernel runner cannot evaluate '" + lang::print(e) +
                      "' on a real outcome (registers, bound observations, enum names, ==, !=, !, &&, ||, ->, ?:)");
  }

 public:
  std::vector<std::string> ret_names_, wait_names_;

 private:
  const lang::scenario_program& scenario_;
  const lang::model_program& model_;
  diagnostics& diags_;
  bool failed_ = false;
  std::vector<std::string> bound_observes_;
  std::vector<std::string> state_names_;  // the state enum of the program snapshots
};

}  // namespace

std::optional<bound_scenario> bind(const lang::scenario_program& scenario, const lang::model_program& model,
                                   const std::string& path, diagnostics& diags) {
  binder b(scenario, model, diags);
  std::optional<bound_scenario> out = b.run(path);
  if (out) {
    out->ret_names = b.ret_names_;
    out->wait_names = b.wait_names_;
    if (out->state_names.empty()) out->state_names = {"RUNNING", "STOPPED", "TRACED", "DEAD"};
  }
  return out;
}

std::optional<int> signal_number(const std::string& name) {
  const auto v = lookup(signal_table(), name);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

std::string signal_name(int signo) {
  for (const named_value& v : signal_table())
    if (v.value == signo) return v.name;
  return "signal " + std::to_string(signo);
}

std::string map_ret(long ret, int err, const std::vector<std::string>& known) {
  if (ret >= 0) {
    if (ret == 0 && has(known, "OK")) return "OK";
    return "unmapped: returned " + std::to_string(ret);
  }
  const char* name = errno_name(err);
  if (name != nullptr && has(known, name)) return name;
  return "unmapped: errno " + std::to_string(err) + " (" + (name ? name : std::strerror(err)) + ")";
}

std::string map_wait(const raw_wait& w, const std::vector<std::string>& known) {
  auto raw = [&] {
    return "si_code " + std::to_string(w.cld_code) + ", si_status " + hex(w.status) +
           (w.trap_si_code >= 0 ? ", GETSIGINFO si_code " + hex(w.trap_si_code) : "");
  };
  std::string name;
  if (w.ret < 0) {
    if (w.err == ECHILD) {
      name = "W_ECHILD";
    } else {
      const char* e = errno_name(w.err);
      return "unmapped: waitid errno " + std::to_string(w.err) + " (" + (e ? e : std::strerror(w.err)) + ")";
    }
  } else if (w.child_pid == 0) {
    if (!w.wnohang) return "unmapped: waitid returned no child without WNOHANG";
    name = "W_NOTHING";
  } else {
    const int sig = w.status & 0x7f;
    switch (w.cld_code) {
      case CLD_EXITED: return "unmapped: exited with status " + std::to_string(w.status);
      case CLD_KILLED:
      case CLD_DUMPED: name = "W_KILLED_" + signal_name(w.status); break;
      case CLD_CONTINUED: name = "W_CONTINUED"; break;
      case CLD_STOPPED: name = "W_STOPPED_" + signal_name(w.status); break;
      case CLD_TRAPPED: {
        const int event = w.status >> 8;
        const int low = w.status & 0xff;
        if (event == PTRACE_EVENT_STOP) {
          name = "W_EVENT_STOP_" + signal_name(low);
        } else if (event == PTRACE_EVENT_EXIT && low == SIGTRAP) {
          name = "W_STOPPED_TRAP_EXIT";
        } else if (event != 0) {
          return "unmapped: ptrace event stop " + raw();
        } else if (low == (SIGTRAP | 0x80)) {
          name = "W_STOPPED_TRAP_SYSGOOD";
        } else if (low == SIGTRAP) {
          // A syscall stop has si_code SIGTRAP in its siginfo; a SIGTRAP signal-delivery stop has
          // the sender's code (SI_KERNEL for the kernel's own send_sig(SIGTRAP, current, 1)).
          if (w.trap_si_code < 0) return "unmapped: SIGTRAP stop without siginfo, " + raw();
          name = w.trap_si_code == SIGTRAP ? "W_STOPPED_TRAP_SYSCALL" : "W_STOPPED_SIGTRAP";
        } else {
          name = "W_STOPPED_" + signal_name(sig);
        }
        break;
      }
      default: return "unmapped: waitid " + raw();
    }
  }
  if (!has(known, name)) return "unmapped: " + name + " (" + raw() + "), not a value of the model's WaitResult";
  return name;
}

std::string map_thread_state(char state) {
  switch (state) {
    case 'R':
    case 'S':
    case 'D':
    case 'I':
    case 'W':
      return "RUNNING";
    case 'T': return "STOPPED";
    case 't': return "TRACED";
    case 'Z':
    case 'X':
    case 'x':
    case '\0':
      return "DEAD";
    default: return std::string("unmapped: state '") + state + "'";
  }
}

std::vector<std::string> binding_table_lines() {
  std::vector<std::string> lines;
  for (const syscall_entry& e : table()) lines.push_back(std::string(e.model) + " -> " + e.real);
  return lines;
}

}  // namespace ptmc::kernel
