// The planner hook: standard planning, then our rewrites of finished plans.
#pragma once

namespace tsdist::planner
{

// Installs the hook (chaining the previous one); called once from _PG_init.
void planner_hook_install();

} // namespace tsdist::planner
