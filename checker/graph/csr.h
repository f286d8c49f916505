// The Boost compressed sparse row graph behind state_graph; shared by the algorithms of this module
// only (it exposes Boost types, so no other module includes it).
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>

#include "graph/state_graph.h"

namespace ptmc::graph {

using edge_property = edge_label;

// Vertices are the explorer's state indices; edges are stored per source, in the order given.
using csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, edge_property,
                                               boost::no_property, std::uint32_t, std::uint64_t>;

struct state_graph::impl {
  csr g;
};

const state_graph::impl& internals(const state_graph& g);

}  // namespace ptmc::graph
