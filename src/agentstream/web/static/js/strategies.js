// The panel strategies as the UI names and explains them.

// The fewest experts each strategy takes is the service's rule (it refuses fewer with a 400);
// the form says it up front instead of after a refused submit.
export const STRATEGIES = [
  ["structured", "Structured (Delphi)", "Blind positions, then revisions against an anonymous summary of the others.", 1],
  ["open", "Open debate", "Each round every expert reads the others' previous answers and responds.", 1],
  ["socratic", "Socratic", "A moderator questions each expert in turn to test their reasoning.", 2],
  ["adversarial", "Adversarial", "A devil's advocate challenges the majority and does not vote.", 2],
  ["council", "Council", "Experts rank each other's answers anonymously; a chair writes the synthesis.", 3],
];
export const MAX_EXPERTS = 12;
// The member a strategy gives a role to, and the configuration field that names it.
export const ROLE_OPTION = {
  socratic: ["moderator_id", "Moderator"],
  adversarial: ["devil_advocate_id", "Devil's advocate"],
  council: ["chair_id", "Chair"],
};

export const strategyName = (type) => (STRATEGIES.find(([id]) => id === type) || [type, type])[1];
export const fewestExperts = (type) => STRATEGIES.find(([id]) => id === type)[3];
