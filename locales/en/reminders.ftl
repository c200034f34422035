## Reminders: how many days before something ends the app says so (ui/src/screens/Reminders.svelte, in Settings).

reminders-title = Reminders
# Above a list of choices: reminders-never, reminders-days-before.
reminders-label = Tell me before a grant, a rule or a waiting request ends
reminders-never = Never
reminders-days-before =
    { $days ->
        [one] { $days } day before
       *[other] { $days } days before
    }
reminders-saved = Saved.
reminders-hint = A desktop notification, once each time Tessera is open; it names the brand, never your values.
