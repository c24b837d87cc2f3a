import { z } from 'zod';
import type { DateOrder, MediaType, MessageKind, MessageSubtype } from '../messages';
import { endpoint, returns } from './endpoint';

export const ChatId = z.number().int().positive();

export interface ChatSummary {
  id: number;
  title: string;
  /** Where the title came from: the export's file name, the chat name an iOS export writes, the people. */
  titleSource: 'file-name' | 'chat-name' | 'participants';
  platform: 'android' | 'ios';
  isGroup: boolean;
  dateOrder: DateOrder;
  participants: string[];
  messageCount: number;
  /** Wall-clock `YYYY-MM-DDTHH:MM:SS`, null for a chat with no messages. */
  firstAt: string | null;
  lastAt: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface MessageView {
  id: number;
  seq: number;
  at: string;
  author: string | null;
  kind: MessageKind;
  subtype: MessageSubtype;
  text: string;
  edited: boolean;
  attachment: { fileName: string; mediaType: MediaType | null; mediaFileId: number | null } | null;
}

export interface MessagePage {
  messages: MessageView[];
  /** Total messages in the chat, so a virtual list can size itself. */
  total: number;
}

export interface SearchHit {
  message: MessageView;
  /** The text with matches wrapped in U+E000 … U+E001 (private-use marks the UI turns into highlights). */
  highlighted: string;
}

export const libraryApi = {
  'chats-list': endpoint(z.object({}), returns<ChatSummary[]>()),
  'chats-get': endpoint(z.object({ chatId: ChatId }), returns<ChatSummary>()),
  'chats-delete': endpoint(z.object({ chatId: ChatId }), returns<{ deleted: boolean }>()),
  /** A window of messages by position: `fromSeq` inclusive, in order. */
  'messages-page': endpoint(
    z.object({ chatId: ChatId, fromSeq: z.number().int().min(0), limit: z.number().int().min(1).max(5000) }),
    returns<MessagePage>(),
  ),
  /** The position of the first message at or after a wall-clock date (`YYYY-MM-DD[THH:MM[:SS]]`). */
  'messages-locate-date': endpoint(
    z.object({ chatId: ChatId, at: z.string().min(10) }),
    returns<{ seq: number | null }>(),
  ),
  'messages-search': endpoint(
    z.object({
      chatId: ChatId,
      query: z.string().min(1).max(500),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    returns<{ hits: SearchHit[]; total: number }>(),
  ),
};

export interface LibraryEvents {
  'library-changed': { chatId: number; change: 'imported' | 'deleted' };
}
