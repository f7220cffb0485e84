import { ContentPage, contentPageLoader, contentPageMeta } from "~/components/ContentPage";

export const loader = contentPageLoader("impressum");
export const meta = contentPageMeta;
export default ContentPage;
