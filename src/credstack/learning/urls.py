from django.urls import path

from .views import facilitator, journey, learner

app_name = "learning"
urlpatterns = [
    path("", learner.dashboard, name="dashboard"),
    path("compare", journey.compare, name="compare"),
    path("enrol/<int:offering_id>/", journey.enrol_start, name="enrol_start"),
    path("enrolments/<int:pk>/", learner.course, name="course"),
    path("enrolments/<int:pk>/welcome/", journey.welcome, name="welcome"),
    path("enrolments/<int:pk>/progress/", learner.record_progress, name="record_progress"),
    path("enrolments/<int:pk>/help/", learner.ask_help, name="ask_help"),
    path("enrolments/<int:pk>/withdraw/", journey.withdraw_view, name="withdraw"),
    path("enrolments/<int:pk>/defer/", journey.defer_view, name="defer"),
    path("enrolments/<int:pk>/celebrate/", learner.celebrate, name="celebrate"),
    path("facilitate/", facilitator.queue, name="queue"),
    path("facilitate/alerts/<int:pk>/", facilitator.alert_detail, name="alert_detail"),
    path("facilitate/help/<int:pk>/", facilitator.help_detail, name="help_detail"),
    path("offerings/<int:pk>/rules/", facilitator.rules, name="rules"),
]
