import { registry } from "@web/core/registry";
import { listView } from "@web/views/list/list_view";

/**
 * The dashboards' lists are grouped by team, then by case professional. A list
 * with expand="1" opens only the groups of its first level in Odoo: the
 * professionals' groups stayed closed, and a team manager opened each one by
 * hand. Here every level of groups opens, as the first does.
 */
export class FgpDashboardListModel extends listView.Model {
    _loadData(config) {
        if (config.groupBy?.length && this.config.openGroupsByDefault) {
            config.openGroupsByDefault = true;
        }
        return super._loadData(config);
    }
}

export const fgpDashboardListView = {
    ...listView,
    Model: FgpDashboardListModel,
};

registry.category("views").add("fgp_dashboard_list", fgpDashboardListView);
