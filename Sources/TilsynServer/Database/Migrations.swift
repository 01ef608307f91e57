import Fluent

/// Every migration in order. Append only: the count is the schema version `/healthz` reports.
enum Migrations {
    static let all: [any Migration] = [
        CreateOrganisation(),
        CreateStaffMembers(),
        CreateRecipients(),
        CreateDecisions(),
        CreateCarePlans(),
        CreateVisits(),
        CreateRecordVersions(),
        CreateAuth(),
        CreateAuditEvents(),
        CreateEmergencyAccesses(),
        CreateImprovements(),
        CreateSuccessStories(),
        CreatePlanning(),
        AddUnitPlanning(),
        CreateAbsences(),
        CreateAlarms(),
        CreateStaffNotices(),
        CreateDeviations(),
        CreateReportBoard(),
        CreateFollowUpConversations(),
        CreateDashboardTargets(),
        AddVisitExecution(),
        CreateVisitCheckOffs(),
        CreateVisitReports(),
        CreateCareTasks(),
        CreateAlarmPhoneCarriers(),
        CreateEquipmentItems(),
        AddVisitDateIndex(),
        CreateIntakeAssessments(),
        AddLookupIndexes(),
        CreateDashboardUnitTargets(),
        CreateRosterEntries(),
    ]
}
