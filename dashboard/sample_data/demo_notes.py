"""What the demo partners write: short first-person reflections, by exercise and by side."""

from __future__ import annotations

# Reflections: short first-person notes; {partner} is the other partner's name.
EXERCISE_NOTES = {
    "calm-before-reaching-out": (
        "I noticed I wanted to text {partner} five times and waited instead.",
        "Took ten slow breaths before calling. The call was much nicer.",
        "Went for a walk first, then asked how the day was. Felt less frantic.",
    ),
    "notice-the-exit": (
        "Caught myself reaching for my phone the moment things got heavy.",
        "I named it: I was about to go quiet. Stayed two more minutes.",
        "Noticed I started tidying the kitchen right when {partner} wanted to talk.",
    ),
    "name-the-cycle": (
        "We both said 'there it is' and actually laughed.",
        "I called it the merry-go-round out loud and we stopped.",
    ),
    "i-feel-statements": (
        "Said 'I feel lonely when dinner is silent' instead of 'you never talk'.",
        "Hard to say 'I feel' without adding a 'because you'. Got there.",
    ),
    "small-daily-moment": (
        "Brought {partner} a coffee and sat for five minutes. Easy enough.",
        "Sent a photo from my lunch walk. Small, but it counted.",
    ),
    "ask-plainly": (
        "Asked for a hug instead of sighing loudly. Got the hug.",
        "I asked {partner} to sit with me for ten minutes tonight. They said yes.",
    ),
    "repair-conversation": (
        "We talked about Tuesday. I understood the silence was overwhelm, not anger.",
        "Repair talk went better than the fight did. Both apologised.",
    ),
    "stay-a-little-longer": (
        "Stayed in the conversation about money longer than I wanted to. It ended okay.",
        "Wanted to leave after a minute, stayed for five. Overwhelm about a 6.",
    ),
    "share-an-appreciation": (
        "Told {partner} I liked how they handled my sister's call.",
        "Thanked {partner} for waiting for me last night.",
    ),
    "daily-check-in": (
        "Ten minutes on the sofa after dinner. Quiet but nice.",
        "Check-in was short tonight, we were both tired.",
    ),
    "name-the-worry": (
        "The worry today: that the late reply meant something. It didn't.",
        "Named it as 'the old fear of being left'. It got a bit smaller.",
    ),
    "one-message-then-wait": (
        "Sent one message at lunch and left it. The reply came an hour later.",
        "Wanted to follow up after ten minutes; went for a run instead.",
    ),
    "stay-with-the-feeling": (
        "Sat with the worry for five minutes. It peaked and dropped.",
        "Set a timer. By the end I didn't need to send the message.",
    ),
    "widen-your-circle": (
        "Called my sister instead of waiting by the phone.",
        "Went to the climbing gym with a friend. Felt steadier after.",
    ),
    "let-support-in": (
        "Let {partner} cook while I was ill. Strange but good.",
        "Told {partner} about the work problem instead of fixing it alone.",
    ),
    "closeness-and-you": (
        "Wrote about what I'm afraid of losing. Mostly my quiet mornings.",
    ),
    "space-and-return": (
        "Said 'I need twenty minutes, then I'll come back'. And I did.",
        "Asked for a break before dinner and came back at eight like I said.",
        "Took space after the phone call, told {partner} when. No chasing this time.",
        "It's easier to leave the room when I say when I'll be back.",
    ),
}
# Free notes by side, for days caught in the cycle ("hard") and for the other days ("calm").
SIDE_NOTES = {
    "pursuer": {
        "hard": (
            "Felt the old panic when {partner} didn't answer at lunch.",
            "I kept asking if we were okay. I know it pushes {partner} away.",
            "Followed {partner} into the other room to finish the argument. It got worse.",
            "Anxious all evening. Sent three messages before I caught myself.",
        ),
        "calm": (
            "Good evening together, felt close.",
            "Waited instead of following {partner} into the other room.",
            "A slow Sunday. I didn't need to check in on us once.",
            "Noticed the worry start and let it pass.",
        ),
    },
    "withdrawer": {
        "hard": (
            "Needed to be alone after work. Didn't say so, just went quiet.",
            "Felt cornered in the kitchen and went for a drive.",
            "I shut down when the questions started. Noticed it later.",
            "Put my headphones on the moment things got tense.",
        ),
        "calm": (
            "Nice walk together, no pressure.",
            "Too tired to talk, told {partner} that at least.",
            "Made dinner together and it was easy.",
            "Sat with {partner} on the balcony for a while. Quiet in a good way.",
        ),
    },
    "mixed": {
        "hard": (
            "Some days I chase, some days I hide. Today I hid.",
            "I pushed for a talk and then wanted out once it started.",
        ),
        "calm": (
            "Calm day. We cooked together.",
            "Talked about the weekend plans without it turning into a thing.",
        ),
    },
}
