"""No module of the product imports itself back through others (import-linter holds the layers)."""

import grimp


def test_no_module_is_part_of_an_import_cycle():
    graph = grimp.build_graph("workgroups")
    modules = {m for m in graph.modules if ".tests" not in m and ".migrations" not in m}
    cycles = []
    for module in sorted(modules):
        for imported in graph.find_modules_directly_imported_by(module) & modules:
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                cycles.append(" -> ".join((module, *back)))
    assert cycles == []
