/**
 * A small labelled set for retrieval quality: a one-to-one chat (Maya and Tom, Feb–May 2024) made of topic
 * conversations hidden among everyday small talk, and questions with the topics that answer them. A chunk is
 * relevant to a question when it holds a message of one of its topics. The questions are phrased the way
 * people ask, sharing some words with the answer and paraphrasing others.
 */
import type { SeedMessage } from '../../support/library';

type Line = [who: 'M' | 'T', text: string];

interface Conversation {
  topic: string | null;
  /** `YYYY-MM-DDTHH:MM` of the first message. */
  at: string;
  lines: Line[];
}

const TOPICS: Conversation[] = [
  {
    topic: 'trip',
    at: '2024-02-06T20:10',
    lines: [
      ['M', 'Ok I found flights to Lisbon for May, 12th to 19th, 140 each with TAP'],
      ['T', 'Only 140?? Book them before the price goes up'],
      ['M', 'Booking now. Window or aisle?'],
      ['T', 'Window obviously'],
      ['M', 'Done! We are going to Portugal 🇵🇹✈️'],
      ['T', 'Where do we stay? I would love the old town'],
      ['M', 'There is an Airbnb in Alfama with a terrace, 85 a night'],
      ['T', 'Alfama is perfect, close to the castle and the fado bars'],
      ['M', 'Reserved it for the seven nights'],
    ],
  },
  {
    topic: 'vet',
    at: '2024-02-13T08:05',
    lines: [
      ['T', 'Biscuit is limping on his front left paw this morning'],
      ['M', 'Oh no, poor thing. Did he jump off the sofa again?'],
      ['T', 'Probably. He does not want to put any weight on it'],
      ['M', 'Call the vet, they open at 9'],
      ['T', 'Got an appointment at 11:30 with Dr Patel'],
      ['T', 'Vet says it is a sprain, nothing broken on the x-ray'],
      ['T', 'Anti-inflammatory tablets for a week and short walks only'],
      ['M', 'Thank god. Give him a cuddle from me 🐶'],
    ],
  },
  {
    topic: 'interview',
    at: '2024-02-20T19:30',
    lines: [
      ['T', 'The design agency wants to interview me on Thursday!'],
      ['M', 'Tom that is amazing!! The one in the old warehouse?'],
      ['T', 'Yes. I need to update my portfolio, the last project is not even in it'],
      ['M', 'Put the museum app first, it is your best work'],
      ['T', 'Good idea. I am so nervous about the interview'],
      ['M', 'You will be great. Practice the presentation with me tonight'],
    ],
  },
  {
    topic: 'interview',
    at: '2024-02-22T17:45',
    lines: [
      ['T', 'Interview done. Two hours, three people, they loved the museum app'],
      ['M', 'How did it go??'],
      ['T', 'I think well! They asked about deadlines and working with developers'],
      ['T', 'And they want me back for a second round next week'],
      ['M', 'Second round already!! So proud of you'],
    ],
  },
  {
    topic: 'party',
    at: '2024-03-02T21:00',
    lines: [
      ['M', 'Lena turns 30 on the 23rd, I want to throw her a surprise party'],
      ['T', 'Love it. Where?'],
      ['M', 'The rooftop bar near the river has a private room for 40 people'],
      ['T', 'Book it. I can make the playlist'],
      ['M', 'I will order the cake from the bakery she likes, chocolate and raspberry'],
      ['T', 'Who is inviting her friends from work without her noticing?'],
      ['M', 'Her colleague Sara, I will make a secret group'],
      ['M', 'Remember: not a word to Lena 🤫'],
    ],
  },
  {
    topic: 'chores',
    at: '2024-03-06T22:40',
    lines: [
      ['M', 'I came home and the dishes from yesterday are still in the sink'],
      ['T', 'I was going to do them after work'],
      ['M', 'You always say that. I did the laundry, the shopping and cleaned the bathroom this week'],
      ['T', 'That is not fair, I cooked every night'],
      ['M', 'I just feel like nobody notices what I do in this house'],
      ['T', 'I notice. I am sorry, you are right about the dishes'],
      ['M', 'Can we make a chore chart so we stop fighting about this?'],
      ['T', 'Yes. Let us do it this weekend, and I will do the dishes now'],
    ],
  },
  {
    topic: 'interview',
    at: '2024-03-11T13:15',
    lines: [
      ['T', 'THEY MADE ME AN OFFER'],
      ['M', 'AAAAH congratulations!!!'],
      ['T', 'Salary is 48k, a bit less than I hoped'],
      ['M', 'Ask for 52, you have the experience and they want you'],
      ['T', 'I will negotiate, worst case they say no'],
      ['T', 'Update: they agreed to 51k plus a training budget'],
    ],
  },
  {
    topic: 'car',
    at: '2024-03-15T09:20',
    lines: [
      ['M', 'The car makes a horrible squeaking noise when I brake'],
      ['T', 'Sounds like the brake pads, do not drive it far'],
      ['M', 'Took it to the garage on Elm street'],
      ['M', 'Mechanic says pads and discs need replacing, 450 euros'],
      ['T', 'Ouch. Still, brakes are not something to save on'],
      ['M', 'Ready on Tuesday'],
    ],
  },
  {
    topic: 'apartment',
    at: '2024-03-20T18:00',
    lines: [
      ['T', 'Found a two-bedroom flat in the north, 1100 a month with a balcony'],
      ['M', 'That is 200 more than now... but we need the space'],
      ['T', 'The viewing is Saturday at 10'],
      ['M', 'Ok. Ask if the deposit is two or three months of rent'],
      ['T', 'Two months, and the contract is for one year minimum'],
      ['M', 'If the kitchen is decent I want it'],
    ],
  },
  {
    topic: 'lasagna',
    at: '2024-03-24T12:10',
    lines: [
      ['T', 'Can you send me your grandmother’s lasagna recipe?'],
      ['M', 'Haha finally. Ragù first: onion, carrot, celery, beef and pork, red wine, cook it for 3 hours'],
      ['M', 'Then béchamel: butter, flour, milk, nutmeg'],
      ['M', 'Layers: pasta, ragù, béchamel, parmesan. Six layers, oven 180 for 40 minutes'],
      ['T', 'Three hours for the sauce?!'],
      ['M', 'Nonna never cut corners 😂'],
    ],
  },
  {
    topic: 'health',
    at: '2024-04-03T10:30',
    lines: [
      ['M', 'Third migraine this week, I can barely look at the screen'],
      ['T', 'Please go to the doctor, this is not normal'],
      ['M', 'Got an appointment this afternoon'],
      ['M', 'Doctor wants a blood test, she thinks it might be iron'],
      ['T', 'Let me know the results'],
    ],
  },
  {
    topic: 'health',
    at: '2024-04-08T16:00',
    lines: [
      ['M', 'Blood test results are back: iron deficiency, quite low'],
      ['T', 'That explains the headaches and being tired all the time'],
      ['M', 'Supplements for three months and more spinach 🥬'],
      ['T', 'I will cook you steak and lentils, doctor’s orders'],
    ],
  },
  {
    topic: 'movie',
    at: '2024-04-12T20:45',
    lines: [
      ['T', 'Film tonight? Dune part two or the new Wes Anderson?'],
      ['M', 'Dune! I have wanted to see it since the trailer'],
      ['T', 'Cinema at 21:30 or at home?'],
      ['M', 'Home, I am in pyjamas already. Popcorn?'],
      ['T', 'Making popcorn, you pick the blanket'],
    ],
  },
  {
    topic: 'budget',
    at: '2024-04-18T21:15',
    lines: [
      ['M', 'I did the monthly budget spreadsheet, we spent 300 on eating out in March'],
      ['T', 'That much? We should cook more'],
      ['M', 'And we pay for four streaming subscriptions'],
      ['T', 'Cancel two of them, we only watch one anyway'],
      ['M', 'If we save 400 a month we can afford the summer holiday'],
      ['T', 'Deal. Let us put it in the savings account on payday'],
    ],
  },
  {
    topic: 'wedding',
    at: '2024-04-25T19:00',
    lines: [
      ['T', 'Jonas and Clara sent the wedding invitation, 14th of September in the vineyard'],
      ['M', 'So beautiful! Dress code?'],
      ['T', 'Garden formal, whatever that means'],
      ['M', 'A light suit for you, no tie. I will look for a dress'],
      ['T', 'What do we give them? They have a gift list online'],
      ['M', 'Let us take the coffee machine from the list'],
    ],
  },
  {
    topic: 'trip',
    at: '2024-05-08T21:30',
    lines: [
      ['M', 'Packing list for Lisbon: sunscreen, comfortable shoes, adapters not needed'],
      ['T', 'I want to ride tram 28 and eat pastéis de nata every morning'],
      ['M', 'And a day trip to Sintra, the palace looks unreal'],
      ['T', 'Check in opens tomorrow for the flight'],
    ],
  },
];

/**
 * Near misses: conversations that share words and themes with the topics above but answer none of the
 * questions (another trip, another doctor, another party…). They are what makes ranking hard.
 */
const NEAR_MISSES: Conversation[] = [
  {
    topic: 'berlin',
    at: '2024-02-27T07:15',
    lines: [
      ['T', 'My flight to Berlin for the conference is delayed by two hours'],
      ['M', 'Annoying! Is the hotel near the venue at least?'],
      ['T', 'Ten minutes walking, the company booked it'],
      ['T', 'Landed, finally. Taxi to the hotel now'],
    ],
  },
  {
    topic: 'knee',
    at: '2024-03-09T11:30',
    lines: [
      ['T', 'My knee hurts after the run this morning'],
      ['M', 'You ran 15 km without stretching again'],
      ['T', 'Booked a physio appointment for Monday'],
      ['T', 'Physio says it is just overuse, rest for a week and some exercises'],
    ],
  },
  {
    topic: 'farewell',
    at: '2024-03-28T18:20',
    lines: [
      ['T', 'Farewell drinks for Marco at work tomorrow, he is moving to Canada'],
      ['M', 'Did you sign the card?'],
      ['T', 'Yes, and we got him a gift card and a cake shaped like a maple leaf'],
    ],
  },
  {
    topic: 'parking',
    at: '2024-04-05T13:40',
    lines: [
      ['M', 'Got a parking ticket in front of the office, 60 euros'],
      ['T', 'The sign there is so confusing'],
      ['M', 'I will pay it online before the fine doubles'],
    ],
  },
  {
    topic: 'sister',
    at: '2024-04-14T10:00',
    lines: [
      ['M', 'Lena is coming to visit next weekend, she will sleep on the sofa bed'],
      ['T', 'Great, I will clean the spare room. What does she want to do?'],
      ['M', 'Brunch, the flea market and a long walk by the river'],
    ],
  },
  {
    topic: 'grooming',
    at: '2024-04-20T09:10',
    lines: [
      ['M', 'Biscuit has a grooming appointment at 2, can you take him?'],
      ['T', 'Sure. Short cut for summer?'],
      ['M', 'Yes and ask them to do his nails'],
    ],
  },
  {
    topic: 'boss',
    at: '2024-04-23T20:30',
    lines: [
      ['M', 'My boss asked me to stay late again, third time this week'],
      ['T', 'You should tell her the overtime is too much'],
      ['M', 'I will talk to her on Friday, I am exhausted'],
    ],
  },
  {
    topic: 'curry',
    at: '2024-04-28T18:00',
    lines: [
      ['T', 'Trying a chickpea curry recipe from YouTube tonight'],
      ['M', 'Spicy?'],
      ['T', 'Medium. Coconut milk, ginger, garam masala, rice on the side'],
    ],
  },
  {
    topic: 'series',
    at: '2024-05-02T21:10',
    lines: [
      ['M', 'One more episode of The Bear?'],
      ['T', 'It is midnight... ok one more'],
      ['M', 'The restaurant kitchen scenes stress me out so much'],
    ],
  },
  {
    topic: 'anniversary',
    at: '2024-05-04T12:00',
    lines: [
      ['T', 'Booked the Italian restaurant for our anniversary on Saturday'],
      ['M', 'The one with the garden? ❤️'],
      ['T', 'Yes, table at 8. Dress nicely 😉'],
    ],
  },
];

/** Everyday small talk, none of it about the topics above. */
const SMALL_TALK: Line[][] = [
  [
    ['M', 'Good morning ☀️'],
    ['T', 'Morning! Slept badly, the neighbours again'],
    ['M', 'Ugh. Coffee will fix it'],
  ],
  [
    ['T', 'Running 10 minutes late, train stuck'],
    ['M', 'No stress'],
  ],
  [
    ['M', 'Can you buy milk and bread on the way home?'],
    ['T', 'Sure, anything else?'],
    ['M', 'Eggs!'],
    ['T', '👍'],
  ],
  [
    ['T', 'What do you feel like for dinner?'],
    ['M', 'Something quick. Pasta?'],
    ['T', 'Pasta it is'],
  ],
  [
    ['M', 'At the gym, back at 8'],
    ['T', 'Have fun 💪'],
  ],
  [
    ['T', 'Traffic is horrible today'],
    ['M', 'Take the bike tomorrow'],
    ['T', 'If it does not rain'],
  ],
  [
    ['M', 'Haha look at this 😂'],
    ['T', 'Hahaha I cannot'],
  ],
  [
    ['T', 'Call me when you are free'],
    ['M', 'In 5 minutes'],
  ],
  [
    ['M', 'Home!'],
    ['T', 'Me too in 20'],
    ['M', 'Love you'],
    ['T', 'Love you more ❤️'],
  ],
  [
    ['T', 'It is snowing!!'],
    ['M', 'Finally, take a picture'],
  ],
  [
    ['M', 'Did you water the plants?'],
    ['T', 'Oops, doing it now'],
  ],
  [
    ['T', 'My meeting got moved to 4, so I will be home late'],
    ['M', 'Ok, I will eat without you then'],
    ['T', 'Save me some'],
  ],
];

const pad = (n: number) => String(n).padStart(2, '0');

function addMinutes(at: string, minutes: number): string {
  const d = new Date(`${at}:00Z`);
  d.setUTCMinutes(d.getUTCMinutes() + minutes);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export interface LabelledChat {
  messages: SeedMessage[];
  /** The topic of each message, null for small talk. */
  topics: (string | null)[];
}

/** The chat: topic conversations in time order, with small talk every morning and evening around them. */
export function labelledChat(): LabelledChat {
  const conversations: Conversation[] = [...TOPICS, ...NEAR_MISSES];
  // Small talk twice a day from 1 Feb to 20 May, a deterministic rotation through the snippets.
  let i = 0;
  for (let day = 0; day < 110; day++) {
    const date = addMinutes('2024-02-01T00:00', day * 24 * 60).slice(0, 10);
    for (const time of ['07:40', '17:20']) {
      conversations.push({ topic: null, at: `${date}T${time}`, lines: SMALL_TALK[i++ % SMALL_TALK.length]! });
    }
  }
  conversations.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const messages: SeedMessage[] = [];
  const topics: (string | null)[] = [];
  for (const c of conversations) {
    c.lines.forEach(([who, text], j) => {
      messages.push({ at: addMinutes(c.at, j * 2), author: who === 'M' ? 'Maya' : 'Tom', text });
      topics.push(c.topic);
    });
  }
  return { messages, topics };
}

export interface LabelledQuery {
  query: string;
  topics: string[];
}

export const LABELLED_QUERIES: LabelledQuery[] = [
  { query: 'When are we flying to Portugal and where are we staying?', topics: ['trip'] },
  { query: 'What did the vet say about Biscuit’s paw?', topics: ['vet'] },
  { query: 'How did Tom’s job interview go?', topics: ['interview'] },
  { query: 'negotiating the salary of the new job', topics: ['interview'] },
  { query: 'planning a surprise birthday for Lena', topics: ['party'] },
  { query: 'the fight about housework and washing up', topics: ['chores'] },
  { query: 'how much does fixing the brakes cost', topics: ['car'] },
  { query: 'renting a bigger flat, the viewing and the deposit', topics: ['apartment'] },
  { query: 'grandma’s recipe', topics: ['lasagna'] },
  { query: 'Maya’s headaches and what the blood test showed', topics: ['health'] },
  { query: 'which movie did we watch at home', topics: ['movie'] },
  { query: 'saving money for the holiday', topics: ['budget'] },
  { query: 'what to wear and what present for the wedding', topics: ['wedding'] },
  { query: 'things to do in Lisbon', topics: ['trip'] },
  { query: 'what did Dr Patel find on the x-ray', topics: ['vet'] },
  { query: 'the squeaking noise from the car', topics: ['car'] },
  { query: 'who is inviting the guests without her knowing', topics: ['party'] },
  { query: 'are we paying too much for streaming', topics: ['budget'] },
  { query: 'feeling unappreciated at home', topics: ['chores'] },
  { query: 'tired all the time, iron supplements', topics: ['health'] },
];
