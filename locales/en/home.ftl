## Home: who has what, what waits, what ends soon (ui/src/screens/Home.svelte).

home-holders-title = Who has your data
home-holders-none = No brand holds a grant from you.
# $count is a number of brands (more than the home screen lists).
home-holders-more = { $count } more brands hold grants in force: see them all in Grants
# A field a brand received, in the form it received it ("birthdate as Over 18 (yes/no)").
home-received-as = { $field } as { $form }
# What a brand received, then when its grant ends (the date follows, relative: "in 3 days").
home-holder-until = { $received } · ends
home-pending-title = Waiting for you
home-pending-none = No request waits for an answer.
# A request waiting; the date it arrived follows ("2 days ago").
home-pending-item =
    asks for { $count ->
        [one] one field
       *[other] { $count } fields
    } · received
home-soon-title = Ending soon
home-soon-none = Nothing ends in the next 30 days.
home-soon-grant = Grant to { $brand }
home-soon-rule = Rule for { $brand }
# A rule's field; the day the rule ends follows, relative ("in 5 days").
home-soon-rule-until = { $field } · until
home-records-title = Records
home-ledger-entries =
    Activity: { $count ->
        [one] one entry
       *[other] { $count } entries
    }
# The last thing the ledger recorded; when follows ("3 minutes ago").
home-ledger-last = last: { $event },
home-ledger-empty = nothing yet
home-backups-title = Backups
home-backups-off = automatic backups are off
# When the last automatic backup was written follows ("yesterday").
home-backups-last = automatic, last
home-backups-none = automatic, none written yet
# When brands should have deleted what they received: their declared retention, the grant's end,
# a revocation (one month to erase).
home-deletions-title = Should be gone by now
home-deletions-none-overdue = No brand is past its date.
# Under an overdue brand's name: $fields the fields past their date ("Email, Shoe size"); since
# when follows, relative ("3 days ago").
home-deletions-overdue = { $fields }: should have been deleted
# Button beside an overdue brand: shows the erasure letter to send it.
home-deletions-ask = Ask to delete
home-deletions-ask-label = Ask { $brand } to delete your data
# The next date to come: $field one field's name; when follows, relative ("in 2 weeks").
home-deletions-next = Next: { $brand } should delete your { $field }
# Button: saves the dates as a calendar file (a save dialog opens).
home-deletions-calendar = Add the dates to your calendar…
home-deletions-saved = Calendar file saved: open it with your calendar app.
# Home > the letters whose reply is overdue (a brand's page has the letter). $right is the
# right in words; the time it was due follows.
home-letters-overdue-title = Letters awaiting a reply
home-letter-overdue = { $right }: the reply was due
