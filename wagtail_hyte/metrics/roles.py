from wagtail_hyte.core.roles import COORDINATOR, EDITOR

PERMISSIONS = {
    COORDINATOR: ["wagtail_hyte_metrics.view_usage_figures"],
    EDITOR: ["wagtail_hyte_metrics.view_usage_figures"],
}
